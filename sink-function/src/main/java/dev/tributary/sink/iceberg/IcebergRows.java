package dev.tributary.sink.iceberg;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Rows as Iceberg's generic records, from the Avro records the sink lays out: fields matched by lower-cased name
 * (a table column the row lacks is null), values in the Java types Iceberg's generic writers take. Pure.
 */
public final class IcebergRows {

    private IcebergRows() {}

    /** The row as a record of the table's {@code struct}. */
    public static Record of(org.apache.avro.generic.GenericRecord row, Types.StructType struct) {
        GenericRecord record = GenericRecord.create(struct);
        Map<String, Schema.Field> fields = byName(row.getSchema());
        for (Types.NestedField column : struct.fields()) {
            Schema.Field field = fields.get(column.name());
            if (field != null) {
                record.setField(column.name(), value(row.get(field.pos()), field.schema(), column.type()));
            }
        }
        return record;
    }

    private static Map<String, Schema.Field> byName(Schema record) {
        Map<String, Schema.Field> fields = new LinkedHashMap<>();
        record.getFields().forEach(f -> fields.put(f.name().toLowerCase(Locale.ROOT), f));
        return fields;
    }

    static Object value(Object value, Schema schema, Type type) {
        if (value == null) {
            return null;
        }
        Schema avro = schema.isUnion()
                ? schema.getTypes().stream()
                        .filter(t -> t.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow()
                : schema;
        return switch (type.typeId()) {
            case BOOLEAN -> value;
            case INTEGER -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case STRING -> value.toString();
            case DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
            case TIME -> LocalTime.ofNanoOfDay(micros(value, avro) * 1_000L);
            case TIMESTAMP -> {
                long micros = micros(value, avro);
                Instant instant = Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
                yield ((Types.TimestampType) type).shouldAdjustToUTC()
                        ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                        : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            case DECIMAL ->
                new BigDecimal(new BigInteger(((GenericFixed) value).bytes()), ((Types.DecimalType) type).scale());
            case BINARY, FIXED ->
                value instanceof ByteBuffer buffer
                        ? buffer.duplicate()
                        : ByteBuffer.wrap(((GenericFixed) value).bytes());
            case LIST -> {
                List<Object> items = new ArrayList<>();
                Type element = type.asListType().elementType();
                for (Object item : (Collection<?>) value) {
                    items.add(value(item, avro.getElementType(), element));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                Type valueType = type.asMapType().valueType();
                ((Map<?, ?>) value)
                        .forEach((k, v) -> entries.put(k.toString(), value(v, avro.getValueType(), valueType)));
                yield entries;
            }
            case STRUCT -> of((org.apache.avro.generic.GenericRecord) value, type.asStructType());
            default ->
                throw new IllegalArgumentException(
                        "Cannot write a " + type + " to Iceberg: Tributary's" + " layouts have no such column");
        };
    }

    /** A time or timestamp in microseconds, whatever unit its Avro logical type counts in. */
    private static long micros(Object value, Schema avro) {
        long raw = ((Number) value).longValue();
        return avro.getLogicalType() instanceof LogicalTypes.TimeMillis
                        || avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        || avro.getLogicalType() instanceof LogicalTypes.LocalTimestampMillis
                ? raw * 1_000L
                : raw;
    }
}
