package dev.tributary.poller;

import dev.tributary.poller.state.StateStore;
import dev.tributary.poller.state.StoredBlob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A source's poll-interval across invocations: when the schedule fires more often than a source's interval (a bulk
 * copy once an hour on a one-minute schedule), the source is polled only once its interval has passed since its last
 * poll, which the state table remembers. Within an invocation the poller keeps the interval itself.
 *
 * <p>Only intervals of at least {@link #REMEMBERED} are remembered: EventBridge fires at most once a minute, so a
 * shorter interval has always passed by the next scheduled invocation, and remembering it would cost a write per
 * poll. A poll that crashed before it was remembered is made again: a fault costs a poll, never a row.
 */
final class PollIntervals {

    /** The shortest interval remembered across invocations: EventBridge's shortest schedule. */
    static final Duration REMEMBERED = Duration.ofMinutes(1);
    /** The name of the blob holding a source's last poll, an ISO-8601 instant. */
    static final String LAST_POLL = "last-poll";

    private static final Logger LOG = Logger.getLogger(PollIntervals.class);

    private final StateStore store;
    private final Clock clock;

    PollIntervals(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * When the source's next poll is due, if that is later than now; empty when it is due now (or its interval is not
     * remembered).
     */
    Optional<Instant> notDueUntil(String source, Duration interval) {
        if (interval.compareTo(REMEMBERED) < 0) {
            return Optional.empty();
        }
        Optional<Instant> last = lastPoll(source);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Instant due = last.get().plus(interval);
        return clock.instant().isBefore(due) ? Optional.of(due) : Optional.empty();
    }

    /** Remembers that a poll of the source started at {@code started}, if its interval is remembered. */
    void polled(String source, Duration interval, Instant started) {
        if (interval.compareTo(REMEMBERED) >= 0) {
            store.writeBlob(source, LAST_POLL, started.toString().getBytes(StandardCharsets.UTF_8), -1);
        }
    }

    private Optional<Instant> lastPoll(String source) {
        Optional<StoredBlob> blob = store.readBlob(source, LAST_POLL);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        String text = new String(blob.get().data(), StandardCharsets.UTF_8);
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            // Written by nothing but this class: a damaged item costs one poll, then it is written anew.
            LOG.warnf(
                    "Source %s: its last poll time '%s' in the state table is not an instant; polling it now",
                    source, text);
            return Optional.empty();
        }
    }
}
