package dev.tributary.sink.schema;

import dev.tributary.core.record.SemanticTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect values as Avro values of the types {@link AvroTypes} gives their schemas. Pure. Avro's {@code Schema} is
 * written out where it meets Connect's, which this file imports.
 */
final class AvroConverters {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private AvroConverters() {}

    /** The conversion of values of the Connect schema to values of its Avro type (or of a union with null). */
    static Function<Object, Object> converter(Schema schema, org.apache.avro.Schema avro) {
        org.apache.avro.Schema type = avro.isUnion() ? avro.getTypes().get(1) : avro;
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    return decimal(type);
                }
                case AvroTypes.CONNECT_DATE -> {
                    return value -> (int) Math.floorDiv(((Date) value).getTime(), 86_400_000L);
                }
                case Time.LOGICAL_NAME -> {
                    return value -> ((Date) value).getTime() * 1000L;
                }
                case Timestamp.LOGICAL_NAME -> {
                    return value -> Math.multiplyExact(((Date) value).getTime(), 1000L);
                }
                case SemanticTypes.ZONED_TIMESTAMP -> {
                    return value -> {
                        try {
                            return Instants.micros((String) value);
                        } catch (DateTimeException | ArithmeticException e) {
                            throw new DataException(
                                    "its value '" + value + "' is not an ISO-8601 timestamp with an" + " offset");
                        }
                    };
                }
                case SemanticTypes.UUID -> {
                    return value -> {
                        try {
                            return UUID.fromString((String) value).toString();
                        } catch (IllegalArgumentException e) {
                            throw new DataException("its value '" + value + "' is not a UUID");
                        }
                    };
                }
                case SemanticTypes.MICRO_TIME -> {
                    return value -> {
                        long micros = ((Number) value).longValue();
                        // PostgreSQL's time runs to 24:00:00 inclusive.
                        if (micros < 0 || micros > 86_400_000_000L) {
                            throw new DataException("its value " + micros + " is not a time of day in microseconds");
                        }
                        return micros;
                    };
                }
                default -> {
                    // Carried by the base type.
                }
            }
        }
        return switch (schema.type()) {
            // A merged schema may be wider than a record's own (int32 in an int64 column, int64 in a float64 one).
            case INT8, INT16, INT32 -> value -> ((Number) value).intValue();
            case INT64 -> value -> ((Number) value).longValue();
            case FLOAT32 -> value -> ((Number) value).floatValue();
            case FLOAT64 -> value -> ((Number) value).doubleValue();
            case BOOLEAN, STRING -> value -> value;
            case BYTES -> value -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY -> list(converter(schema.valueSchema(), type.getElementType()));
            case MAP -> map(schema, type);
            case STRUCT -> struct(schema, type);
        };
    }

    private static Function<Object, Object> decimal(org.apache.avro.Schema type) {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) type.getLogicalType();
        int scale = decimal.getScale();
        int precision = decimal.getPrecision();
        return value -> {
            BigDecimal scaled;
            try {
                scaled = ((BigDecimal) value).setScale(scale);
            } catch (ArithmeticException e) {
                throw new DataException("its value " + ((BigDecimal) value).toPlainString() + " has more" + " than "
                        + scale + " decimal places");
            }
            if (scaled.precision() > precision) {
                throw new DataException("its value " + scaled.toPlainString() + " has " + scaled.precision()
                        + " digits, more than the precision " + precision + " of its column");
            }
            return DECIMALS.toFixed(scaled, type, decimal);
        };
    }

    private static Function<Object, Object> list(Function<Object, Object> element) {
        return value -> {
            Collection<?> list = (Collection<?>) value;
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(item == null ? null : element.apply(item));
            }
            return out;
        };
    }

    private static Function<Object, Object> map(Schema schema, org.apache.avro.Schema type) {
        if (schema.keySchema().type() == Schema.Type.STRING) {
            Function<Object, Object> element = converter(schema.valueSchema(), type.getValueType());
            return value -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> out.put(k, v == null ? null : element.apply(v)));
                return out;
            };
        }
        org.apache.avro.Schema entry = type.getElementType();
        Function<Object, Object> keys =
                converter(schema.keySchema(), entry.getField("key").schema());
        Function<Object, Object> values =
                converter(schema.valueSchema(), entry.getField("value").schema());
        return value -> {
            List<Object> out = new ArrayList<>();
            ((Map<?, ?>) value).forEach((k, v) -> {
                GenericData.Record pair = new GenericData.Record(entry);
                pair.put(0, keys.apply(k));
                pair.put(1, v == null ? null : values.apply(v));
                out.add(pair);
            });
            return out;
        };
    }

    private static Function<Object, Object> struct(Schema schema, org.apache.avro.Schema type) {
        List<Field> fields = schema.fields();
        List<Function<Object, Object>> converters = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            converters.add(
                    converter(fields.get(i).schema(), type.getFields().get(i).schema()));
        }
        return value -> {
            Struct struct = (Struct) value;
            GenericData.Record record = new GenericData.Record(type);
            for (int i = 0; i < fields.size(); i++) {
                Field field = struct.schema().field(fields.get(i).name());
                Object item = field == null ? null : struct.get(field);
                record.put(i, item == null ? null : converters.get(i).apply(item));
            }
            return record;
        };
    }

    /**
     * A value converted for its column.
     *
     * @throws DataException "Cannot write {kind}{name} because …", whatever the conversion threw
     */
    static Object convert(String kind, String name, Function<Object, Object> converter, Object value) {
        // What is written is named only when it fails: this runs for every value of every row.
        try {
            return converter.apply(value);
        } catch (DataException e) {
            throw new DataException("Cannot write " + kind + name + " because " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DataException(
                    "Cannot write " + kind + name + " because its value cannot be converted: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }
}
