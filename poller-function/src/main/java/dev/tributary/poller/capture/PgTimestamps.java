package dev.tributary.poller.capture;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text forms of timestamp and timestamptz values that marks hold: PostgreSQL's own (DateStyle ISO,
 * {@code 2026-01-01 10:00:00.5+00}) and ISO-8601 ({@code 2026-01-01T10:00:00.5Z}), for lag reporting.
 */
public final class PgTimestamps {

    private static final Pattern OFFSET = Pattern.compile("([+-]\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}))?$");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private PgTimestamps() {}

    /**
     * The instant a value denotes: with its own offset (timestamptz), or in {@code zone} (timestamp).
     *
     * @return empty for values it cannot place (infinity, BC dates)
     */
    public static Optional<Instant> instant(String text, ZoneId zone) {
        try {
            if (text.indexOf('T') == 10) {
                TemporalAccessor parsed =
                        DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
                return Optional.of(
                        parsed instanceof OffsetDateTime offset
                                ? offset.toInstant()
                                : ((LocalDateTime) parsed).atZone(zone).toInstant());
            }
            Matcher offset = OFFSET.matcher(text);
            if (offset.find() && offset.start() > 10) {
                LocalDateTime local = LocalDateTime.parse(text.substring(0, offset.start()), LOCAL);
                String id = offset.group(1) + ":" + (offset.group(2) == null ? "00" : offset.group(2))
                        + (offset.group(3) == null ? "" : ":" + offset.group(3));
                return Optional.of(OffsetDateTime.of(local, ZoneOffset.of(id)).toInstant());
            }
            return Optional.of(LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
