package dev.tributary.poller.state;

import dev.tributary.core.failure.PipelineFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The leases one invocation holds on its sources. A lease lasts {@code duration} and is renewed in the background a
 * third of the way through, for as long as the invocation runs: a live invocation keeps its sources, while the lease
 * of one that crashed (its sandbox killed, its time out) expires within {@code duration}, so the next invocation polls
 * instead of skipping the source until some long expiry. Overlap never loses rows (every mark write is conditional);
 * the lease only spares concurrent invocations each other's work.
 */
public final class Leases implements AutoCloseable {

    /** How long a lease lasts without renewal, unless the function is configured otherwise. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(15);

    private static final Logger LOG = Logger.getLogger(Leases.class);

    private final StateStore store;
    private final String owner;
    private final Duration duration;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> renewal;
    private boolean closed;

    /**
     * @param owner the invocation, as the lease names its holder
     * @param timer runs the renewals
     */
    public Leases(StateStore store, String owner, Duration duration, ScheduledExecutorService timer) {
        this.store = store;
        this.owner = owner;
        this.duration = duration;
        long every = Math.max(1, duration.toMillis() / 3);
        this.renewal = timer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes a source's lease if nobody else holds a live one. */
    public LeaseOutcome take(String source) {
        Instant now = Instant.now();
        LeaseOutcome outcome = store.acquireLease(source, owner, now, now.plus(duration));
        if (outcome.acquired()) {
            held.add(source);
        }
        return outcome;
    }

    /** Whether another invocation took the source over, after a renewal came too late: stop polling it. */
    public boolean lost(String source) {
        return lost.contains(source);
    }

    private synchronized void renew() {
        if (closed) {
            return;
        }
        for (String source : held) {
            try {
                Instant now = Instant.now();
                LeaseOutcome outcome = store.acquireLease(source, owner, now, now.plus(duration));
                if (!outcome.acquired()) {
                    held.remove(source);
                    lost.add(source);
                    LOG.warnf(
                            "Lost the lease of source %s to invocation %s: this invocation stops polling it",
                            source, outcome.holder().orElse("?"));
                }
            } catch (PipelineFailure e) {
                LOG.warnf(
                        "Could not renew the lease of source %s (it lasts until it expires): %s",
                        source, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not renew the lease of source %s", source);
            }
        }
    }

    /** Stops renewing and gives every lease up. */
    @Override
    public synchronized void close() {
        closed = true;
        renewal.cancel(false);
        for (String source : held) {
            try {
                store.releaseLease(source, owner);
            } catch (PipelineFailure e) {
                LOG.warnf("Could not release the lease of %s (it expires by itself): %s", source, e.getMessage());
            }
        }
        held.clear();
    }
}
