package dev.tributary.sink.partition;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import dev.tributary.core.lake.HivePath;
import dev.tributary.sink.schema.LakeRow;

/** {@code <field>=<value>} for each configured field of the record value, values escaped as Hive escapes them. */
final class FieldPartitioner implements Partitioner {

    private final List<String> names;

    FieldPartitioner(List<String> names) {
        this.names = List.copyOf(names);
    }

    @Override
    public String path(LakeRow row) {
        if (!(row.value() instanceof Struct struct)) {
            throw new PartitionException("Cannot partition by " + names + " because the record value is "
                    + (row.value() == null ? "null" : "not a struct"));
        }
        StringBuilder path = new StringBuilder();
        for (String name : names) {
            Field field = struct.schema().field(name);
            if (field == null) {
                throw new PartitionException("Cannot partition by field " + name + " because the record has no such"
                        + " field; its fields are " + struct.schema().fields().stream().map(Field::name).toList());
            }
            Object value = struct.get(field);
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(HivePath.segment(name, text(value)));
        }
        return path.toString();
    }

    @Override
    public Set<String> fields() {
        return new LinkedHashSet<>(names);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Struct || value instanceof java.util.Collection || value instanceof java.util.Map) {
            throw new PartitionException("Cannot partition by a field whose value is a " + value.getClass()
                    .getSimpleName());
        }
        return value.toString();
    }
}
