package dev.tributary.sink.iceberg;

import dev.tributary.core.lake.MetadataColumns;
import dev.tributary.core.pipeline.SinkConfig;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;

/**
 * An Iceberg table's partition spec from its sink's partitioner: none for the default partitioner (Kafka partitions
 * are no query's filter), identity on each field of the field partitioner, and the hour, day or month transform of the
 * time partitioner's time (its timestamp-field, or Kafka's {@code __timestamp}) at the finest unit its path-format
 * names. Pure.
 */
public final class IcebergPartitioning {

    private IcebergPartitioning() {}

    /**
     * @throws IllegalArgumentException if a time partitioner's path names no hour, day or month
     */
    public static List<Term> of(SinkConfig sink) {
        return switch (sink.partitioner()) {
            case DEFAULT -> List.of();
            case FIELD ->
                sink.partitionFields().stream()
                        .map(f -> (Term) Expressions.ref(f.toLowerCase(Locale.ROOT)))
                        .toList();
            case TIME -> List.of(time(sink));
        };
    }

    private static Term time(SinkConfig sink) {
        String column =
                sink.timestampField().map(f -> f.toLowerCase(Locale.ROOT)).orElse(MetadataColumns.TIMESTAMP);
        String path = sink.pathFormat().orElse("");
        // Joda patterns: HH (hour), dd (day), MM (month); quoted text such as 'hour' is not a pattern letter.
        String letters = path.replaceAll("'[^']*'", "");
        if (letters.contains("H")) {
            return Expressions.hour(column);
        }
        if (letters.contains("d")) {
            return Expressions.day(column);
        }
        if (letters.contains("M")) {
            return Expressions.month(column);
        }
        throw new IllegalArgumentException("Cannot partition the Iceberg tables of sink " + sink.name() + " by time"
                + " because its path-format \"" + path + "\" names no hour (HH), day (dd) or month (MM); name the"
                + " unit to partition by, such as 'day'=dd");
    }
}
