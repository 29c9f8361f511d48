package dev.tributary.sink.format;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Hive types in which Athena's OpenX JSON SerDe reads the columns of a JSON object as {@link JsonLinesEncoder}
 * writes them: the types the same layout has in Parquet (int as int, timestamp as timestamp, decimal as decimal), so
 * that one source column has one type whatever the format. The exceptions follow from what each style writes:
 * <ul>
 * <li>a time is text {@code HH:MM:SS.ffffff} in Tributary's style, so string (Hive has no time type; Parquet's
 * TIME(MICROS) reads as bigint microseconds), and milliseconds of the day in Kafka Connect's style, so int;</li>
 * <li>Kafka Connect's style writes timestamps as epoch milliseconds, which the SerDe would read as seconds before
 * 2001-09-09, so bigint, as Kafka Connect's S3 sink users declare them;</li>
 * <li>a decimal written as base64 bytes (Kafka Connect's style, json-decimal-format BASE64) is string, and one of more
 * than 38 digits, which no Athena decimal holds, is string too (written exactly as a number; Parquet leaves it
 * out).</li>
 * </ul>
 * Pure.
 */
final class JsonHiveTypes {

    static final int MAX_DECIMAL_PRECISION = 38;

    private final boolean connect;
    private final boolean numericDecimals;

    /**
     * @param connect whether values are written as Kafka Connect's JsonConverter writes them
     * @param numericDecimals whether that style writes decimals as numbers (else as base64 bytes)
     */
    JsonHiveTypes(boolean connect, boolean numericDecimals) {
        this.connect = connect;
        this.numericDecimals = numericDecimals;
    }

    /** The type of each top-level column that is not a string, in the layout's order. */
    Map<String, String> nonStringColumns(Schema row) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Schema.Field field : row.getFields()) {
            String type = hiveType(field.schema());
            if (!type.equals("string")) {
                types.put(field.name().toLowerCase(Locale.ROOT), type);
            }
        }
        return types;
    }

    String hiveType(Schema schema) {
        Schema type = schema.isUnion() ? nonNull(schema) : schema;
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            if (connect && !numericDecimals) {
                return "string";
            }
            return decimal.getPrecision() > MAX_DECIMAL_PRECISION
                    ? "string"
                    : "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical instanceof LogicalTypes.Date) {
            return "date";
        }
        if (logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMicros
                || logical instanceof LogicalTypes.TimestampMillis
                || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return connect ? "bigint" : "timestamp";
        }
        if (logical instanceof LogicalTypes.TimeMicros || logical instanceof LogicalTypes.TimeMillis) {
            return connect ? "int" : "string";
        }
        return switch (type.getType()) {
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case BYTES, FIXED -> "binary";
            case ARRAY -> "array<" + hiveType(type.getElementType()) + ">";
            case MAP -> "map<string," + hiveType(type.getValueType()) + ">";
            case RECORD -> {
                StringJoiner struct = new StringJoiner(",", "struct<", ">");
                for (Schema.Field field : type.getFields()) {
                    struct.add(field.name().toLowerCase(Locale.ROOT) + ":" + hiveType(field.schema()));
                }
                yield struct.toString();
            }
            default -> "string";
        };
    }

    private static Schema nonNull(Schema union) {
        return union.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(union.getTypes().get(0));
    }
}
