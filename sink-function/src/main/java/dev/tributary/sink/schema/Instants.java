package dev.tributary.sink.schema;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** ISO-8601 instants as epoch microseconds. Pure. */
public final class Instants {

    private Instants() {}

    /**
     * Microseconds since the epoch of an ISO-8601 instant. The poller's form ({@code 2026-11-25T10:00:00.123456Z})
     * is read directly; any other offset form goes through {@link OffsetDateTime#parse}.
     *
     * @throws DateTimeException if the text is not an instant with an offset
     * @throws ArithmeticException if it is too far from the epoch
     */
    public static long micros(String text) {
        int length = text.length();
        if (length >= 20
                && text.charAt(length - 1) == 'Z'
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':') {
            try {
                long days = LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2))
                        .toEpochDay();
                long seconds =
                        days * 86_400L + digits(text, 11, 2) * 3600L + digits(text, 14, 2) * 60L + digits(text, 17, 2);
                long micros = 0;
                if (length > 20) {
                    if (text.charAt(19) != '.' || length - 21 > 9 || length == 21) {
                        return parsed(text);
                    }
                    int fraction = length - 21;
                    micros = digits(text, 20, Math.min(fraction, 6));
                    for (int i = fraction; i < 6; i++) {
                        micros *= 10;
                    }
                }
                return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
            } catch (NumberFormatException | DateTimeException e) {
                return parsed(text);
            }
        }
        return parsed(text);
    }

    private static long parsed(String text) {
        Instant instant = OffsetDateTime.parse(text).toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(text);
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
