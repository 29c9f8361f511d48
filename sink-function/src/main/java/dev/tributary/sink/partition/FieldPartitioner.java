package dev.tributary.sink.partition;

import dev.tributary.core.lake.HivePath;
import dev.tributary.sink.schema.LakeRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * {@code <field>=<value>} for each configured field of the record value, values escaped as Hive escapes them. A null
 * value, and every field of a tombstone, goes to Hive's default partition ({@code __HIVE_DEFAULT_PARTITION__}), so
 * that deletes reach the lake. As Kafka Connect's FieldPartitioner, only primitive values name a partition: strings,
 * numbers, booleans, and Connect's decimals, dates and times, rendered the same in every JVM and time zone.
 */
final class FieldPartitioner implements Partitioner {

    private final List<String> names;
    private final String tombstonePath;

    FieldPartitioner(List<String> names) {
        this.names = List.copyOf(names);
        this.tombstonePath = String.join(
                "/", names.stream().map(name -> HivePath.segment(name, null)).toList());
    }

    @Override
    public String path(LakeRow row) {
        if (row.value() == null) {
            return tombstonePath;
        }
        if (!(row.value() instanceof Struct struct)) {
            throw new PartitionException("Cannot partition by " + names + " because the record value is not a"
                    + " struct but "
                    + (row.valueSchema() == null
                            ? row.value().getClass().getSimpleName()
                            : row.valueSchema().type()));
        }
        StringBuilder path = new StringBuilder();
        for (String name : names) {
            Field field = struct.schema().field(name);
            if (field == null && row.deleted()) {
                // A delete record carries the key columns only: the partition of a row without the field.
                if (path.length() > 0) {
                    path.append('/');
                }
                path.append(HivePath.segment(name, null));
                continue;
            }
            if (field == null) {
                throw new PartitionException("Cannot partition by field " + name + " because the record has no such"
                        + " field; its fields are "
                        + struct.schema().fields().stream().map(Field::name).toList());
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(HivePath.segment(name, text(name, field.schema(), struct.get(field))));
        }
        return path.toString();
    }

    @Override
    public Set<String> fields() {
        return new LinkedHashSet<>(names);
    }

    /** A partition value's text; null for a null value. */
    private static String text(String name, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME -> {
                    return ((BigDecimal) value).toPlainString();
                }
                case Date.LOGICAL_NAME -> {
                    return LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L))
                            .toString();
                }
                case Time.LOGICAL_NAME -> {
                    return LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L)
                            .toString();
                }
                case Timestamp.LOGICAL_NAME -> {
                    return Instant.ofEpochMilli(((java.util.Date) value).getTime())
                            .toString();
                }
                default -> {
                    // Other names (Debezium's times, UUIDs, JSON) are carried by their base type.
                }
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> value.toString();
            case BYTES, ARRAY, MAP, STRUCT ->
                throw new PartitionException("Cannot partition by field " + name
                        + " because its type is " + schema.type()
                        + (schema.name() == null ? "" : " (" + schema.name() + ")")
                        + "; a partition value must be a string, number, boolean, decimal, date or time");
        };
    }
}
