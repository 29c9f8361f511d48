package dev.tributary.poller.capture;

import java.time.Instant;
import java.util.Optional;

/**
 * The safe upper bound of one poll: no row with a change time at or above it is read, because a transaction that
 * is still open could yet commit a row below it. Given in both forms a change-time column can have.
 *
 * @param instant the bound as a timestamptz literal
 * @param local the same moment as a timestamp literal in the database time zone
 * @param at the bound as an instant, for lag
 * @param now the database clock when the bound was taken
 * @param heldBackBy the oldest open writer that lowered the bound (pid and start), if one did
 */
public record UpperBound(String instant, String local, Instant at, Instant now, Optional<String> heldBackBy) {

    /** The literal for a change time of the given kind. */
    public String literal(boolean zoned) {
        return zoned ? instant : local;
    }
}
