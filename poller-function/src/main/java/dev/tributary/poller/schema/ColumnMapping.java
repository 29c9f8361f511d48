package dev.tributary.poller.schema;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.pipeline.SourceConfig.TypeMapping;
import dev.tributary.core.record.SemanticTypes;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * How one PostgreSQL column becomes one record field: its Connect schema, and how to read its value from a row.
 * Pure translation: decided once per column from its metadata, then applied to every row.
 *
 * @param column the column
 * @param schema the field's schema
 * @param reader reads the field's value from the current row of a result set
 * @param literal turns a value read by {@code reader} back into PostgreSQL's text for it, exactly, so a high-water
 *     mark can be taken from a row without reading the column twice; null when no exact inverse exists
 */
public record ColumnMapping(
        ColumnInfo column, Schema schema, ValueReader reader, java.util.function.Function<Object, String> literal) {

    ColumnMapping(ColumnInfo column, Schema schema, ValueReader reader) {
        this(column, schema, reader, null);
    }

    ColumnMapping withLiteral(java.util.function.Function<Object, String> inverse) {
        return new ColumnMapping(column, schema, reader, inverse);
    }

    /** Reads one column of the current row; returns null for SQL NULL. */
    @FunctionalInterface
    public interface ValueReader {
        Object read(ResultSet row, int index) throws SQLException;
    }

    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .appendOffsetId()
            .toFormatter();

    /**
     * How a source types its columns' values.
     *
     * @param numeric how numeric columns are typed
     * @param mapping how times, UUIDs, JSON and enums are typed
     * @param zone the zone of {@code timestamp} (without time zone) values, for Kafka Connect's millisecond instants
     */
    public record Types(NumericMapping numeric, TypeMapping mapping, ZoneId zone) {

        /** Tributary's own typing, with a numeric mapping. */
        public static Types precise(NumericMapping numeric) {
            return new Types(numeric, TypeMapping.PRECISE, ZoneOffset.UTC);
        }
    }

    /** Decides the field of a column, typed as {@link TypeMapping#PRECISE}. */
    public static ColumnMapping of(ColumnInfo column, NumericMapping numericMapping) {
        return of(column, Types.precise(numericMapping));
    }

    /**
     * Decides the field of a column.
     *
     * @param column the column's metadata
     * @param types how values are typed
     */
    public static ColumnMapping of(ColumnInfo column, Types types) {
        NumericMapping numericMapping = types.numeric();
        boolean optional = column.nullable();
        String type = column.typeName();
        if (type.startsWith("_")) {
            return array(column, optional);
        }
        if (types.mapping() == TypeMapping.KAFKA_CONNECT) {
            Optional<ColumnMapping> connect = kafkaConnect(column, types.zone(), optional);
            if (connect.isPresent()) {
                return connect.get();
            }
        }
        if (column.enumLabels().isPresent()) {
            SchemaBuilder schema = SchemaBuilder.string()
                    .name(SemanticTypes.ENUM)
                    .version(1)
                    .parameter(
                            SemanticTypes.ENUM_ALLOWED,
                            String.join(",", column.enumLabels().get()));
            return new ColumnMapping(column, optional(schema, optional), ResultSet::getString, String::valueOf);
        }
        return plain(column, numericMapping, optional).withLiteral(literalOf(column, numericMapping));
    }

    /** The exact PostgreSQL text of a value this mapping read, or null where the value does not determine it. */
    private static java.util.function.Function<Object, String> literalOf(ColumnInfo column, NumericMapping mapping) {
        return switch (column.typeName()) {
            case "int2",
                    "smallserial",
                    "int4",
                    "serial",
                    "int8",
                    "bigserial",
                    "oid",
                    "text",
                    "varchar",
                    "bpchar",
                    "uuid",
                    "name",
                    "citext" -> String::valueOf;
            case "numeric" ->
                mapping == NumericMapping.NONE || column.scale() == 0 && column.precision() > 0
                        ? value -> value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value)
                        : null;
            case "timestamptz" -> String::valueOf;
            case "timestamp" ->
                value -> LocalDateTime.ofEpochSecond(
                                Math.floorDiv((Long) value, 1_000_000L),
                                (int) Math.floorMod((Long) value, 1_000_000L) * 1000,
                                ZoneOffset.UTC)
                        .toString();
            case "date" ->
                value -> LocalDate.ofEpochDay(((java.util.Date) value).getTime() / 86_400_000L)
                        .toString();
            default -> column.enumLabels().isPresent() ? String::valueOf : null;
        };
    }

    private static ColumnMapping plain(ColumnInfo column, NumericMapping numericMapping, boolean optional) {
        String type = column.typeName();
        return switch (type) {
            case "int2", "smallserial" ->
                new ColumnMapping(column, primitive(Schema.INT16_SCHEMA, optional), (row, i) -> {
                    short value = row.getShort(i);
                    return row.wasNull() ? null : value;
                });
            case "int4", "serial" ->
                new ColumnMapping(column, primitive(Schema.INT32_SCHEMA, optional), (row, i) -> {
                    int value = row.getInt(i);
                    return row.wasNull() ? null : value;
                });
            case "int8", "bigserial", "oid" ->
                new ColumnMapping(column, primitive(Schema.INT64_SCHEMA, optional), (row, i) -> {
                    long value = row.getLong(i);
                    return row.wasNull() ? null : value;
                });
            case "float4" ->
                new ColumnMapping(column, primitive(Schema.FLOAT32_SCHEMA, optional), (row, i) -> {
                    float value = row.getFloat(i);
                    return row.wasNull() ? null : value;
                });
            case "float8" ->
                new ColumnMapping(column, primitive(Schema.FLOAT64_SCHEMA, optional), (row, i) -> {
                    double value = row.getDouble(i);
                    return row.wasNull() ? null : value;
                });
            case "bool" ->
                new ColumnMapping(column, primitive(Schema.BOOLEAN_SCHEMA, optional), (row, i) -> {
                    boolean value = row.getBoolean(i);
                    return row.wasNull() ? null : value;
                });
            case "numeric" -> numeric(column, numericMapping, optional);
            case "date" ->
                new ColumnMapping(column, optional(Date.builder(), optional), (row, i) -> {
                    LocalDate date = row.getObject(i, LocalDate.class);
                    if (date == null) {
                        return null;
                    }
                    if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
                        throw new DataException("Cannot represent date 'infinity' of column " + column.name());
                    }
                    return new java.util.Date(date.toEpochDay() * 86_400_000L);
                });
            case "time" ->
                new ColumnMapping(
                        column,
                        optional(
                                SchemaBuilder.int64()
                                        .name(SemanticTypes.MICRO_TIME)
                                        .version(1),
                                optional),
                        (row, i) -> {
                            LocalTime time = row.getObject(i, LocalTime.class);
                            return time == null ? null : time.toNanoOfDay() / 1000;
                        });
            case "timetz" ->
                new ColumnMapping(
                        column,
                        optional(
                                SchemaBuilder.string()
                                        .name(SemanticTypes.ZONED_TIME)
                                        .version(1),
                                optional),
                        (row, i) -> {
                            java.time.OffsetTime time = row.getObject(i, java.time.OffsetTime.class);
                            return time == null ? null : time.toString();
                        });
            case "timestamp" ->
                new ColumnMapping(
                        column,
                        optional(
                                SchemaBuilder.int64()
                                        .name(SemanticTypes.MICRO_TIMESTAMP)
                                        .version(1),
                                optional),
                        (row, i) -> {
                            LocalDateTime value = row.getObject(i, LocalDateTime.class);
                            return value == null ? null : microsOf(value, column);
                        });
            case "timestamptz" ->
                new ColumnMapping(
                        column,
                        optional(
                                SchemaBuilder.string()
                                        .name(SemanticTypes.ZONED_TIMESTAMP)
                                        .version(1),
                                optional),
                        (row, i) -> {
                            OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                            if (value == null) {
                                return null;
                            }
                            if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
                                throw new DataException(
                                        "Cannot represent timestamp 'infinity' of column " + column.name());
                            }
                            return instantText(value.withOffsetSameInstant(ZoneOffset.UTC));
                        });
            case "bytea" -> new ColumnMapping(column, primitive(Schema.BYTES_SCHEMA, optional), ResultSet::getBytes);
            case "uuid" ->
                new ColumnMapping(
                        column,
                        optional(SchemaBuilder.string().name(SemanticTypes.UUID).version(1), optional),
                        ResultSet::getString);
            case "json", "jsonb" ->
                new ColumnMapping(
                        column,
                        optional(SchemaBuilder.string().name(SemanticTypes.JSON).version(1), optional),
                        ResultSet::getString);
            default -> new ColumnMapping(column, primitive(Schema.STRING_SCHEMA, optional), ResultSet::getString);
        };
    }

    private static ColumnMapping numeric(ColumnInfo column, NumericMapping mapping, boolean optional) {
        int precision = column.precision();
        int scale = column.scale();
        boolean unconstrained = precision == 0;
        if (!unconstrained && mapping != NumericMapping.NONE && scale == 0 && precision < 19) {
            return integral(column, precision, optional);
        }
        boolean toDouble = switch (mapping) {
            case BEST_FIT -> unconstrained || (precision < 19 && scale > 0);
            case BEST_FIT_EAGER_DOUBLE -> unconstrained || scale > 0;
            default -> false;
        };
        if (toDouble) {
            return new ColumnMapping(column, primitive(Schema.FLOAT64_SCHEMA, optional), (row, i) -> {
                double value = row.getDouble(i);
                return row.wasNull() ? null : value;
            });
        }
        if (unconstrained) {
            return new ColumnMapping(
                    column,
                    optional(
                            SchemaBuilder.string()
                                    .name(SemanticTypes.VARIABLE_DECIMAL)
                                    .version(1),
                            optional),
                    ResultSet::getString);
        }
        Schema schema = optional(
                Decimal.builder(scale).parameter(SemanticTypes.DECIMAL_PRECISION, Integer.toString(precision)),
                optional);
        return new ColumnMapping(column, schema, (row, i) -> {
            String text = row.getString(i);
            if (text == null) {
                return null;
            }
            if (text.equals("NaN") || text.endsWith("Infinity")) {
                throw new DataException(
                        "Cannot represent numeric '" + text + "' of column " + column.name() + " as a decimal");
            }
            return new BigDecimal(text).setScale(scale);
        });
    }

    private static ColumnMapping integral(ColumnInfo column, int precision, boolean optional) {
        if (precision > 9) {
            return new ColumnMapping(column, primitive(Schema.INT64_SCHEMA, optional), (row, i) -> {
                long value = row.getLong(i);
                return row.wasNull() ? null : value;
            });
        }
        if (precision > 4) {
            return new ColumnMapping(column, primitive(Schema.INT32_SCHEMA, optional), (row, i) -> {
                int value = row.getInt(i);
                return row.wasNull() ? null : value;
            });
        }
        if (precision > 2) {
            return new ColumnMapping(column, primitive(Schema.INT16_SCHEMA, optional), (row, i) -> {
                short value = row.getShort(i);
                return row.wasNull() ? null : value;
            });
        }
        return new ColumnMapping(column, primitive(Schema.INT8_SCHEMA, optional), (row, i) -> {
            byte value = row.getByte(i);
            return row.wasNull() ? null : value;
        });
    }

    private static ColumnMapping array(ColumnInfo column, boolean optional) {
        String element = column.typeName().substring(1);
        Schema elementSchema = switch (element) {
            case "int2" -> Schema.OPTIONAL_INT16_SCHEMA;
            case "int4" -> Schema.OPTIONAL_INT32_SCHEMA;
            case "int8" -> Schema.OPTIONAL_INT64_SCHEMA;
            case "float4" -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case "float8" -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case "bool" -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            default -> Schema.OPTIONAL_STRING_SCHEMA;
        };
        Schema schema = optional(SchemaBuilder.array(elementSchema), optional);
        return new ColumnMapping(column, schema, (row, i) -> {
            Array array = row.getArray(i);
            if (array == null) {
                return null;
            }
            try {
                Object[] elements = (Object[]) array.getArray();
                List<Object> values = new ArrayList<>(elements.length);
                for (Object value : elements) {
                    values.add(arrayElement(value, elementSchema, element, column));
                }
                return values;
            } finally {
                array.free();
            }
        });
    }

    private static Object arrayElement(Object value, Schema elementSchema, String element, ColumnInfo column) {
        if (value == null) {
            return null;
        }
        if (value instanceof Object[] nested) {
            throw new DataException("Cannot represent the multi-dimensional array " + Arrays.deepToString(nested)
                    + " of column " + column.name() + ": only one-dimensional arrays are supported");
        }
        return switch (elementSchema.type()) {
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            default -> textElement(value, element, column);
        };
    }

    /**
     * An element of an array mapped to an array of strings, in the same text a scalar of its type gets: the driver
     * hands dates and times over as {@code java.sql} values in the JVM's zone and bytea as {@code byte[]}, whose
     * {@code toString()} would depend on the JVM or name an object.
     */
    private static String textElement(Object value, String element, ColumnInfo column) {
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return element.equals("timestamptz")
                    ? instantText(OffsetDateTime.ofInstant(timestamp.toInstant(), ZoneOffset.UTC))
                    : timestamp.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time) {
            throw new DataException("Cannot represent an element of column " + column.name() + " of type "
                    + column.typeName() + " because arrays of " + element + " lose their fraction of a second in the"
                    + " driver; cast the column to text[] in a query source");
        }
        return value.toString();
    }

    /** ISO-8601 in UTC with as many fraction digits as needed, up to microseconds: 2026-01-01T10:00:00.5Z. */
    static String instantText(OffsetDateTime utc) {
        int year = utc.getYear();
        if (year < 1000 || year > 9999) {
            return INSTANT.format(utc);
        }
        char[] text = new char[27];
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, utc.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, utc.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, utc.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, utc.getSecond(), 2);
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            text[at++] = '.';
            int width = 6;
            while (micros % 10 == 0) {
                micros /= 10;
                width--;
            }
            at = digits(text, at, micros, width);
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /**
     * The fields Kafka Connect's JDBC source gives the types it writes differently: Timestamp and Time logical types
     * in milliseconds, and plain strings. Their positions are read as text from the row (no literal), so that a
     * high-water mark keeps the microseconds the value drops.
     */
    private static Optional<ColumnMapping> kafkaConnect(ColumnInfo column, ZoneId zone, boolean optional) {
        return Optional.ofNullable(
                switch (column.typeName()) {
                    case "timestamp" ->
                        new ColumnMapping(column, optional(Timestamp.builder(), optional), (row, i) -> {
                            LocalDateTime value = row.getObject(i, LocalDateTime.class);
                            if (value == null) {
                                return null;
                            }
                            if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
                                throw new DataException(
                                        "Cannot represent timestamp 'infinity' of column " + column.name());
                            }
                            return java.util.Date.from(value.atZone(zone).toInstant());
                        });
                    case "timestamptz" ->
                        new ColumnMapping(column, optional(Timestamp.builder(), optional), (row, i) -> {
                            OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                            if (value == null) {
                                return null;
                            }
                            if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
                                throw new DataException(
                                        "Cannot represent timestamp 'infinity' of column " + column.name());
                            }
                            return java.util.Date.from(value.toInstant());
                        });
                    case "time" ->
                        new ColumnMapping(column, optional(Time.builder(), optional), (row, i) -> {
                            LocalTime time = row.getObject(i, LocalTime.class);
                            return time == null ? null : new java.util.Date(time.toNanoOfDay() / 1_000_000L);
                        });
                    case "uuid", "json", "jsonb" ->
                        new ColumnMapping(column, primitive(Schema.STRING_SCHEMA, optional), ResultSet::getString)
                                .withLiteral(column.typeName().equals("uuid") ? String::valueOf : null);
                    default ->
                        column.enumLabels().isPresent()
                                ? new ColumnMapping(
                                        column,
                                        primitive(Schema.STRING_SCHEMA, optional),
                                        ResultSet::getString,
                                        String::valueOf)
                                : null;
                });
    }

    private static long microsOf(LocalDateTime value, ColumnInfo column) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            throw new DataException("Cannot represent timestamp 'infinity' of column " + column.name());
        }
        long seconds = value.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1000);
    }

    private static Schema primitive(Schema required, boolean optional) {
        return optional ? SchemaBuilder.type(required.type()).optional().build() : required;
    }

    private static Schema optional(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }
}
