package dev.tributary.poller.state;

import java.time.Instant;
import java.util.Optional;

/**
 * The result of trying to take a source's lease.
 *
 * @param acquired whether this invocation now owns the source
 * @param holder who holds it when not acquired
 * @param heldUntil when the holder's lease expires, when not acquired
 */
public record LeaseOutcome(boolean acquired, Optional<String> holder, Optional<Instant> heldUntil) {

    public static LeaseOutcome granted() {
        return new LeaseOutcome(true, Optional.empty(), Optional.empty());
    }

    public static LeaseOutcome heldBy(String holder, Instant until) {
        return new LeaseOutcome(false, Optional.of(holder), Optional.of(until));
    }
}
