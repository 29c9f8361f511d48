package dev.tributary.localstack.fault;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fault a {@link FaultProxy} applies to the requests that match it, until it is {@linkplain #remove() removed}.
 * Counts how often it was applied.
 */
public final class Fault {

    /** What happens to a matching request. */
    enum Effect {
        /** The proxy answers with an error instead of the server. */
        ANSWER,
        /** The proxy closes the client's connection without an answer. */
        DROP,
        /** The request goes on after a delay. */
        DELAY,
        /** The request waits until it is released (forwarded) or the fault removed (dropped). */
        HOLD,
        /** The server gets and applies the request, but the client gets an error: the answer was lost. */
        APPLY_THEN_ANSWER,
        /** The server's answer starts, but the connection closes halfway through its body. */
        CUT_SHORT
    }

    private final String name;
    private final Predicate<ProxiedRequest> condition;
    private final double probability;
    private final Effect effect;
    private final Answer answer;
    private final Duration delay;
    private final AtomicLong applied = new AtomicLong();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> held = new ConcurrentLinkedQueue<>();
    private final FaultProxy proxy;
    private volatile long limit = Long.MAX_VALUE;
    private volatile boolean removed;

    Fault(
            FaultProxy proxy,
            String name,
            Predicate<ProxiedRequest> condition,
            double probability,
            Effect effect,
            Answer answer,
            Duration delay) {
        this.proxy = proxy;
        this.name = name;
        this.condition = condition;
        this.probability = probability;
        this.effect = effect;
        this.answer = answer;
        this.delay = delay;
    }

    public String name() {
        return name;
    }

    /** Applies the fault to at most this many requests, then lets requests pass again. */
    public Fault times(long limit) {
        this.limit = limit;
        return this;
    }

    /** How many requests this fault changed so far. */
    public long applied() {
        return applied.get();
    }

    /** Whether a request is held now. */
    public boolean holding() {
        return held.stream().anyMatch(f -> !f.isDone());
    }

    /** Forwards every request held now, as if the network had only been slow. */
    public void releaseHeld() {
        CompletableFuture<Boolean> next;
        while ((next = held.poll()) != null) {
            next.complete(true);
        }
    }

    /** Stops applying the fault; requests it still holds are dropped. */
    public void remove() {
        removed = true;
        proxy.remove(this);
        CompletableFuture<Boolean> next;
        while ((next = held.poll()) != null) {
            next.complete(false);
        }
    }

    boolean appliesTo(ProxiedRequest request) {
        return !removed
                && applied.get() < limit
                && condition.test(request)
                && (probability >= 1 || ThreadLocalRandom.current().nextDouble() < probability);
    }

    Effect effect() {
        return effect;
    }

    Answer answer() {
        return answer;
    }

    Duration delay() {
        return delay;
    }

    void counted() {
        applied.incrementAndGet();
    }

    /** Holds a request: returns whether to forward it (released) or drop it (removed, or an hour passed). */
    boolean hold() {
        CompletableFuture<Boolean> release = new CompletableFuture<>();
        held.add(release);
        if (removed) {
            release.complete(false);
        }
        try {
            return release.get(1, TimeUnit.HOURS);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (" + effect + ", applied " + applied + ")";
    }
}
