package dev.tributary.poller.schema;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The text of an instant in UTC: ISO-8601 with as many fraction digits as needed, up to microseconds, such as
 * {@code 2026-01-01T10:00:00.5Z}. Written digit by digit for four-digit years, as it runs for every row.
 */
final class InstantText {

    /** The same text for years outside 1000-9999, where the fixed width does not hold. */
    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .appendOffsetId()
            .toFormatter();

    private InstantText() {}

    /** The text of an instant, given at offset UTC. */
    static String of(OffsetDateTime utc) {
        int year = utc.getYear();
        if (year < 1000 || year > 9999) {
            return INSTANT.format(utc);
        }
        char[] text = new char[27];
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, utc.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, utc.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, utc.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getSecond(), 2);
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            text[at++] = '.';
            int width = 6;
            while (micros % 10 == 0) {
                micros /= 10;
                width--;
            }
            at = digits(text, at, micros, width);
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
