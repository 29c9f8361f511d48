package dev.tributary.catalog.glue;

import dev.tributary.catalog.schema.Column;
import dev.tributary.core.lake.MetadataColumns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata columns of a table as the sink named them. The sink writes them after the record's fields, in a fixed
 * order ({@code __topic}, {@code __partition}, {@code __offset}, {@code __timestamp}, {@code __source_ts},
 * {@code __op}, then the key), and gives a name a record field already has another leading underscore
 * ({@code ___op}). So they are read from the columns by that order, never assumed to carry the plain names. Pure.
 *
 * @param topic the Kafka topic column
 * @param partition the Kafka partition column
 * @param offset the Kafka offset column
 * @param timestamp the Kafka timestamp column
 * @param sourceTime the change time at the source column
 * @param operation the {@code u}/{@code d} column
 * @param keys the key columns: {@code __key}, or one {@code __key_<field>} per field of a struct key
 */
public record MetadataNames(
        String topic,
        String partition,
        String offset,
        String timestamp,
        String sourceTime,
        String operation,
        List<String> keys) {

    private static final List<String> ORDER = List.of(
            MetadataColumns.TOPIC,
            MetadataColumns.PARTITION,
            MetadataColumns.OFFSET,
            MetadataColumns.TIMESTAMP,
            MetadataColumns.SOURCE_TIME,
            MetadataColumns.OPERATION);

    /**
     * The metadata columns among a table's or an object's columns: the last run of six columns named, in order, as
     * the sink names them (each with any number of extra leading underscores), and the key columns after it.
     *
     * @return empty when the columns hold no such run (a sink writing no metadata columns)
     */
    public static Optional<MetadataNames> of(List<Column> columns) {
        for (int start = columns.size() - ORDER.size(); start >= 0; start--) {
            boolean matches = true;
            for (int i = 0; i < ORDER.size() && matches; i++) {
                matches = isNamed(columns.get(start + i).name(), ORDER.get(i));
            }
            if (!matches) {
                continue;
            }
            // A table's key columns follow the run, or were appended later (a key first seen after the table was
            // created); the record's own fields all come before the run.
            List<String> keys = new ArrayList<>();
            for (int i = start + ORDER.size(); i < columns.size(); i++) {
                if (isKey(columns.get(i).name())) {
                    keys.add(columns.get(i).name());
                }
            }
            List<String> names = columns.subList(start, start + ORDER.size()).stream()
                    .map(Column::name)
                    .toList();
            return Optional.of(new MetadataNames(
                    names.get(0),
                    names.get(1),
                    names.get(2),
                    names.get(3),
                    names.get(4),
                    names.get(5),
                    List.copyOf(keys)));
        }
        return Optional.empty();
    }

    /** Every metadata column, keys included. */
    public Set<String> all() {
        Set<String> all = new LinkedHashSet<>(List.of(topic, partition, offset, timestamp, sourceTime, operation));
        all.addAll(keys);
        return all;
    }

    /** {@code name} is {@code base} with any number of extra leading underscores. */
    private static boolean isNamed(String name, String base) {
        return name.endsWith(base)
                && name.substring(0, name.length() - base.length()).chars().allMatch(c -> c == '_');
    }

    private static boolean isKey(String name) {
        String plain = name;
        while (plain.startsWith("___")) {
            plain = plain.substring(1);
        }
        return MetadataColumns.isKey(plain);
    }
}
