package dev.tributary.sink.schema;

import dev.tributary.core.record.SemanticTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Connect schemas as Avro schemas for Parquet, with the right logical types: decimal with scale, date, timestamps in
 * microseconds with or without UTC adjustment, UUID, lists. Pure. Avro's {@code Schema} is written out where it
 * meets Connect's, which this file imports.
 */
final class AvroTypes {

    static final String NAMESPACE = "dev.tributary.lake";
    /** Connect's date's logical name, for code that names {@code java.util.Date}, the type of its values. */
    static final String CONNECT_DATE = Date.LOGICAL_NAME;

    private static final int DEFAULT_DECIMAL_PRECISION = 38;

    private AvroTypes() {}

    /**
     * An Avro field of a Connect schema.
     *
     * @param path where the field is, for the names of its record and fixed types: {@code r} for data columns,
     *     {@code m} for metadata columns
     * @param types the named types of the layout so far, so that no two get one name
     */
    static org.apache.avro.Schema.Field field(
            String name, Schema schema, boolean forceOptional, String path, NamedTypes types) {
        org.apache.avro.Schema type = avroType(schema, path + "_" + name, types);
        if (schema.isOptional() || forceOptional) {
            return new org.apache.avro.Schema.Field(
                    name, nullable(type), null, org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE);
        }
        return new org.apache.avro.Schema.Field(name, type);
    }

    static org.apache.avro.Schema avroType(Schema schema, String path, NamedTypes types) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    int precision = precisionOf(schema, scale);
                    return LogicalTypes.decimal(precision, scale)
                            .addToSchema(org.apache.avro.Schema.createFixed(
                                    types.unique(path + "_decimal"), null, NAMESPACE, bytesFor(precision)));
                }
                case Date.LOGICAL_NAME -> {
                    return logical(LogicalTypes.date(), Type.INT);
                }
                // Microseconds, not Connect's milliseconds: Athena reads TIME(MICROS) as bigint, TIME(MILLIS) not at
                // all.
                case Time.LOGICAL_NAME, SemanticTypes.MICRO_TIME -> {
                    return logical(LogicalTypes.timeMicros(), Type.LONG);
                }
                case Timestamp.LOGICAL_NAME, SemanticTypes.ZONED_TIMESTAMP -> {
                    return logical(LogicalTypes.timestampMicros(), Type.LONG);
                }
                case SemanticTypes.MICRO_TIMESTAMP -> {
                    return logical(LogicalTypes.localTimestampMicros(), Type.LONG);
                }
                case SemanticTypes.UUID -> {
                    return logical(LogicalTypes.uuid(), Type.STRING);
                }
                default -> {
                    // Other names are written as their base type.
                }
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> org.apache.avro.Schema.create(Type.INT);
            case INT64 -> org.apache.avro.Schema.create(Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(Type.BOOLEAN);
            case STRING -> org.apache.avro.Schema.create(Type.STRING);
            case BYTES -> org.apache.avro.Schema.create(Type.BYTES);
            case ARRAY ->
                org.apache.avro.Schema.createArray(nullable(avroType(schema.valueSchema(), path + "_e", types)));
            case MAP ->
                schema.keySchema().type() == Schema.Type.STRING
                        ? org.apache.avro.Schema.createMap(nullable(avroType(schema.valueSchema(), path + "_v", types)))
                        : org.apache.avro.Schema.createArray(org.apache.avro.Schema.createRecord(
                                types.unique(path + "_entry"),
                                null,
                                NAMESPACE,
                                false,
                                List.of(
                                        field("key", schema.keySchema(), false, path, types),
                                        field("value", schema.valueSchema(), true, path, types))));
            case STRUCT -> {
                String name = types.unique(path);
                List<String> names =
                        ColumnNames.of(schema.fields().stream().map(Field::name).toList());
                List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    fields.add(field(names.get(i), schema.fields().get(i).schema(), false, path, types));
                }
                yield org.apache.avro.Schema.createRecord(name, null, NAMESPACE, false, fields);
            }
        };
    }

    private static org.apache.avro.Schema logical(LogicalType logical, Type base) {
        return logical.addToSchema(org.apache.avro.Schema.create(base));
    }

    private static org.apache.avro.Schema nullable(org.apache.avro.Schema type) {
        return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(Type.NULL), type);
    }

    private static int precisionOf(Schema decimal, int scale) {
        String declared = decimal.parameters().get(SemanticTypes.DECIMAL_PRECISION);
        int precision = declared == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(declared);
        return Math.max(precision, Math.max(scale, 1));
    }

    private static int bytesFor(int precision) {
        int bytes = 1;
        while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
            bytes++;
        }
        return bytes;
    }

    /**
     * The names of a layout's record and fixed types. They follow the path of their field ({@code r_address_geo}),
     * but different paths can join to one name (struct {@code a} holding {@code b}, and a struct {@code a_b}), and
     * Avro refuses two types of one name: a name already given gets a number, in the order the layout is built.
     */
    static final class NamedTypes {
        private final Set<String> taken = new HashSet<>();

        String unique(String path) {
            String name = path;
            for (int i = 2; !taken.add(name); i++) {
                name = path + "_" + i;
            }
            return name;
        }
    }
}
