package dev.tributary.core.failure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one place where a function acts on a {@link PipelineFailure}'s kind. A retriable failure is tried again, with
 * jittered exponential backoff, for as long as another attempt fits before the invocation's deadline; then it fails
 * the invocation, and its trigger (the event source mapping, EventBridge, the schedule) delivers the work again. A
 * permanent failure fails the invocation at once: trying again cannot help, and its message says what to change.
 * Only work that may run twice belongs here: every function's work is idempotent.
 */
public final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    /** Kept free before the deadline, for the answer to get out. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final Duration firstBackoff;
    private final Duration maxBackoff;

    private Retries(Duration firstBackoff, Duration maxBackoff) {
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Backoff from a quarter of a second, doubling to eight seconds. */
    public static Retries standard() {
        return new Retries(FIRST_BACKOFF, MAX_BACKOFF);
    }

    /** Other backoff bounds, for tests. */
    static Retries withBackoff(Duration first, Duration max) {
        return new Retries(first, max);
    }

    /**
     * Runs {@code work}, trying it again after a retriable failure while the deadline allows.
     *
     * @param what the work, for log lines ("write the batch of 500 records")
     * @param deadline when the invocation ends
     * @throws PipelineFailure the last failure, when it is permanent or no attempt fits any more
     */
    public <T> T untilDeadline(String what, Instant deadline, Supplier<T> work) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            long begin = System.nanoTime();
            try {
                T result = work.get();
                if (attempt > 1) {
                    LOG.infof("Could %s at attempt %d", what, attempt);
                }
                return result;
            } catch (PipelineFailure failure) {
                if (!failure.retriable()) {
                    LOG.errorf("Cannot %s, and trying again cannot help (permanent): %s", what, failure.getMessage());
                    throw failure;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                Duration pause = jittered(backoff);
                // Another attempt needs about as long as this one took.
                if (Instant.now().plus(pause).plus(took).plus(MARGIN).isAfter(deadline)) {
                    LOG.errorf(
                            "Cannot %s after %d attempts, and the invocation has no time for another; its trigger"
                                    + " delivers it again (retriable): %s",
                            what, attempt, failure.getMessage());
                    throw failure;
                }
                LOG.warnf(
                        "Cannot %s (attempt %d, retriable), trying again in %d ms: %s",
                        what, attempt, pause.toMillis(), failure.getMessage());
                pause(pause, failure);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Half the backoff plus a random part of the other half, so that concurrent invocations spread out. */
    private static Duration jittered(Duration backoff) {
        long half = Math.max(1, backoff.toMillis() / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private static void pause(Duration pause, PipelineFailure failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
