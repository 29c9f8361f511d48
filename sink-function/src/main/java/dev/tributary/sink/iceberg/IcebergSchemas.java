package dev.tributary.sink.iceberg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schema of the rows the sink lays out ({@code RowLayout}'s Avro schema), with the same types the Parquet
 * objects have: a Connect Timestamp is {@code timestamptz}, a microsecond local time {@code timestamp}, Date
 * {@code date}, Time {@code time}, Decimal {@code decimal(p,s)}, a UUID a string (as the catalog's tables have it),
 * bytes {@code binary}. Names are lower-cased, as the catalog names columns. Key columns become required identifier
 * fields, which upsert tables delete by. Pure.
 */
public final class IcebergSchemas {

    private IcebergSchemas() {}

    /**
     * @param row the layout's Avro schema
     * @param keyColumns the identifier fields (the columns an upsert deletes by); empty for an append table
     * @throws IllegalArgumentException naming a key column the rows do not have, or that is not a primitive
     */
    public static Schema of(org.apache.avro.Schema row, List<String> keyColumns) {
        AtomicInteger ids = new AtomicInteger();
        Set<String> keys = new HashSet<>();
        keyColumns.forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        List<Types.NestedField> fields = new ArrayList<>();
        Set<Integer> identifiers = new HashSet<>();
        for (org.apache.avro.Schema.Field field : row.getFields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            int id = ids.incrementAndGet();
            Type type = type(field.schema(), ids);
            if (keys.remove(name)) {
                if (!type.isPrimitiveType()) {
                    throw new IllegalArgumentException("Cannot use column " + name + " as a key of an Iceberg upsert"
                            + " table because it is a " + type + ", not a primitive; name primitive key-fields");
                }
                fields.add(Types.NestedField.required(id, name, type));
                identifiers.add(id);
            } else {
                fields.add(Types.NestedField.optional(id, name, type));
            }
        }
        if (!keys.isEmpty()) {
            throw new IllegalArgumentException("Cannot key an Iceberg upsert table by " + keys + " because the records"
                    + " have no such column; their columns are "
                    + row.getFields().stream()
                            .map(f -> f.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
        return new Schema(fields, identifiers);
    }

    static Type type(org.apache.avro.Schema schema, AtomicInteger ids) {
        org.apache.avro.Schema type = schema.isUnion() ? nonNull(schema) : schema;
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
        }
        if (logical instanceof LogicalTypes.Date) {
            return Types.DateType.get();
        }
        if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimestampMillis) {
            return Types.TimestampType.withZone();
        }
        if (logical instanceof LogicalTypes.LocalTimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return Types.TimestampType.withoutZone();
        }
        if (logical instanceof LogicalTypes.TimeMicros || logical instanceof LogicalTypes.TimeMillis) {
            return Types.TimeType.get();
        }
        return switch (type.getType()) {
            case INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case BYTES, FIXED -> Types.BinaryType.get();
            case ARRAY -> Types.ListType.ofOptional(ids.incrementAndGet(), type(type.getElementType(), ids));
            case MAP ->
                Types.MapType.ofOptional(
                        ids.incrementAndGet(),
                        ids.incrementAndGet(),
                        Types.StringType.get(),
                        type(type.getValueType(), ids));
            case RECORD -> {
                List<Types.NestedField> fields = new ArrayList<>();
                for (org.apache.avro.Schema.Field field : type.getFields()) {
                    int id = ids.incrementAndGet();
                    fields.add(Types.NestedField.optional(
                            id, field.name().toLowerCase(Locale.ROOT), type(field.schema(), ids)));
                }
                yield Types.StructType.of(fields);
            }
            default -> Types.StringType.get();
        };
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema union) {
        return union.getTypes().stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL)
                .findFirst()
                .orElse(union.getTypes().get(0));
    }
}
