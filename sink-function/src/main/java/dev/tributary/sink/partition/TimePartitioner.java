package dev.tributary.sink.partition;

import dev.tributary.core.lake.HivePath;
import dev.tributary.core.pipeline.SinkConfig.TimestampSource;
import dev.tributary.core.record.SemanticTypes;
import dev.tributary.sink.schema.LakeRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Kafka Connect's time-based partitioner: the record's time, in the configured zone, rounded down to a multiple of
 * the partition duration, formatted with a Joda-Time pattern ({@code 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH}).
 * A record whose time field is null, or a tombstone, goes to Hive's default partition.
 */
final class TimePartitioner implements Partitioner {

    private final DateTimeFormatter format;
    private final long durationMillis;
    private final TimestampSource source;
    private final Optional<String> field;
    private final ZoneId zone;
    private final String nullPath;

    TimePartitioner(
            String pathFormat,
            Duration duration,
            TimestampSource source,
            Optional<String> field,
            ZoneId zone,
            Locale locale) {
        this.format = DateTimeFormatter.ofPattern(jodaToJava(pathFormat), locale);
        this.durationMillis = duration.toMillis();
        this.source = source;
        this.field = field;
        this.zone = zone;
        this.nullPath = nullPath(jodaToJava(pathFormat), locale);
    }

    @Override
    public String path(LakeRow row) {
        Long millis = switch (source) {
            case RECORD -> {
                if (row.timestamp() == null || row.timestamp() < 0) {
                    throw new PartitionException(
                            "Cannot partition by the record's time because the Kafka record has" + " no timestamp");
                }
                yield row.timestamp();
            }
            case RECORD_FIELD -> fieldMillis(row);
            case WALLCLOCK -> System.currentTimeMillis();
        };
        if (millis == null) {
            return nullPath;
        }
        // As Connect: round down in local time, so that a daily partition starts at local midnight.
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone);
        long localMillis = local.toInstant(ZoneOffset.UTC).toEpochMilli();
        long floored = Math.floorDiv(localMillis, durationMillis) * durationMillis;
        LocalDateTime start = LocalDateTime.ofInstant(Instant.ofEpochMilli(floored), ZoneOffset.UTC);
        return format.format(start.atZone(zone));
    }

    /** The record field's time in epoch milliseconds; null for a tombstone or a null time. */
    private Long fieldMillis(LakeRow row) {
        String name = field.orElseThrow();
        if (row.value() == null) {
            return null;
        }
        if (row.deleted()
                && row.value() instanceof Struct marker
                && marker.schema().field(name) == null) {
            // A delete record carries the key columns only: it has no time, as a tombstone has none.
            return null;
        }
        if (!(row.value() instanceof Struct struct) || struct.schema().field(name) == null) {
            throw new PartitionException(
                    "Cannot partition by time field " + name + " because the record has no such" + " field");
        }
        Field f = struct.schema().field(name);
        Object value = struct.get(f);
        if (value == null) {
            return null;
        }
        Schema schema = f.schema();
        if (value instanceof Date date) {
            return date.getTime();
        }
        if (SemanticTypes.MICRO_TIMESTAMP.equals(schema.name())) {
            return Math.floorDiv((Long) value, 1000L);
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        String text = value.toString();
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                throw new PartitionException(
                        "Cannot partition by time field " + name + " because '" + text + "' is not a time");
            }
        }
    }

    /**
     * The path of a record without a time (a tombstone, a null field): every {@code key=value} segment of the pattern
     * with Hive's default partition as its value, as Hive places rows whose partition value is null, so that deletes
     * still reach the lake. A segment without {@code =} is the default partition as a whole.
     */
    private static String nullPath(String pattern, Locale locale) {
        List<String> segments = new ArrayList<>();
        for (String segment : unquoted(pattern, '/')) {
            List<String> parts = unquoted(segment, '=');
            // The key is literal text in practice ('year'); formatting it keeps whatever quoting it uses.
            segments.add(
                    parts.size() < 2
                            ? HivePath.NULL_PARTITION
                            : DateTimeFormatter.ofPattern(parts.get(0), locale)
                                            .format(LocalDateTime.of(2000, 1, 1, 0, 0)
                                                    .atZone(ZoneOffset.UTC))
                                    + "="
                                    + HivePath.NULL_PARTITION);
        }
        return String.join("/", segments);
    }

    /** The pattern split at the separators outside quotes; for {@code =}, at the first one only. */
    private static List<String> unquoted(String pattern, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(pattern.substring(start, i));
                start = i + 1;
                if (separator == '=') {
                    break;
                }
            }
        }
        parts.add(pattern.substring(start));
        return parts;
    }

    /**
     * Joda-Time patterns as Kafka Connect's path.format uses them, for java.time: Joda's {@code Y} (year of era) is
     * java.time's {@code y}, and Joda's {@code x} (week year) is {@code Y}. Quoted text is left alone.
     */
    static String jodaToJava(String joda) {
        StringBuilder java = new StringBuilder(joda.length());
        boolean quoted = false;
        for (char c : joda.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                java.append(c);
            } else if (!quoted && c == 'Y') {
                java.append('y');
            } else if (!quoted && c == 'x') {
                java.append('Y');
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }
}
