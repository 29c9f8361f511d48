package dev.tributary.poller.capture;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PostgreSQL's ISO text form of timestamp and timestamptz values (DateStyle ISO), for lag reporting. */
public final class PgTimestamps {

    private static final Pattern OFFSET = Pattern.compile("([+-]\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}))?$");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private PgTimestamps() {
    }

    /**
     * The instant a value denotes: with its own offset (timestamptz), or in {@code zone} (timestamp).
     *
     * @return empty for values it cannot place (infinity, BC dates)
     */
    public static Optional<Instant> instant(String text, ZoneId zone) {
        try {
            Matcher offset = OFFSET.matcher(text);
            if (offset.find() && offset.start() > 10) {
                LocalDateTime local = LocalDateTime.parse(text.substring(0, offset.start()), LOCAL);
                String id = offset.group(1) + ":" + (offset.group(2) == null ? "00" : offset.group(2))
                        + (offset.group(3) == null ? "" : ":" + offset.group(3));
                return Optional.of(OffsetDateTime.of(local, java.time.ZoneOffset.of(id)).toInstant());
            }
            return Optional.of(LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
