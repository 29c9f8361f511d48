package dev.tributary.sink.schema;

import dev.tributary.core.record.SemanticTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The columns of one object and how a record fills them: the value's fields (minus partition fields), then the
 * metadata columns and the key. Translates Connect schemas to Avro schemas for Parquet with the right logical
 * types (decimal with scale, date, timestamps in microseconds with or without UTC adjustment, UUID, lists), and
 * Connect values to Avro values. Pure: no I/O.
 */
public final class RowLayout {

    /** The value column of records whose value is not a struct. */
    public static final String VALUE_COLUMN = "value";

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();
    private static final int DEFAULT_DECIMAL_PRECISION = 38;

    private final org.apache.avro.Schema avro;
    private final List<Column> data;
    private final Metadata metadata;
    private final boolean structValues;
    private final Map<Schema, int[]> sourceIndexes = new IdentityHashMap<>();

    private RowLayout(org.apache.avro.Schema avro, List<Column> data, Metadata metadata, boolean structValues) {
        this.avro = avro;
        this.data = data;
        this.metadata = metadata;
        this.structValues = structValues;
    }

    /**
     * The layout of an object.
     *
     * @param valueSchema the merged schema of the object's values; null when every record is a tombstone
     * @param keySchema the merged schema of its keys; null when no record has a key
     * @param dropped value fields left out (partition fields, which the path holds)
     * @param withMetadata add the metadata columns and the key
     * @param hasTombstones whether some record has no value, so data columns must be nullable
     */
    public static RowLayout of(
            Schema valueSchema, Schema keySchema, Set<String> dropped, boolean withMetadata, boolean hasTombstones) {
        List<String> sources = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        boolean struct = valueSchema == null || valueSchema.type() == Schema.Type.STRUCT;
        if (valueSchema != null && struct) {
            for (Field field : valueSchema.fields()) {
                if (!dropped.contains(field.name())) {
                    sources.add(field.name());
                    schemas.add(field.schema());
                }
            }
        } else if (valueSchema != null) {
            sources.add(VALUE_COLUMN);
            schemas.add(valueSchema);
        }
        List<String> names = ColumnNames.of(sources);
        NamedTypes types = new NamedTypes();
        List<Column> data = new ArrayList<>();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            org.apache.avro.Schema.Field field = field(names.get(i), schemas.get(i), hasTombstones, "r", types);
            data.add(new Column(sources.get(i), field, schemas.get(i)));
            fields.add(field);
        }
        Metadata metadata = withMetadata ? Metadata.of(new ColumnNames.Taken(names), keySchema, types) : null;
        if (metadata != null) {
            fields.addAll(metadata.avroFields());
        }
        org.apache.avro.Schema record =
                org.apache.avro.Schema.createRecord("row", null, "dev.tributary.lake", false, fields);
        return new RowLayout(record, List.copyOf(data), metadata, struct);
    }

    /**
     * Why Parquet cannot hold a record, whatever other records its object has: a struct without fields anywhere in
     * its value or key (Parquet has no empty groups; plain JSON's {@code {}} makes one), or no column at all.
     *
     * @return the reason, or null when it can
     */
    public static String parquetCannotHold(
            Schema valueSchema, Schema keySchema, Set<String> dropped, boolean withMetadata) {
        int columns = withMetadata ? 1 : 0;
        if (valueSchema != null && valueSchema.type() == Schema.Type.STRUCT) {
            for (Field field : valueSchema.fields()) {
                if (!dropped.contains(field.name())) {
                    columns++;
                    String empty = emptyStruct(field.schema(), field.name());
                    if (empty != null) {
                        return empty;
                    }
                }
            }
        } else if (valueSchema != null) {
            columns++;
            String empty = emptyStruct(valueSchema, VALUE_COLUMN);
            if (empty != null) {
                return empty;
            }
        }
        if (columns == 0) {
            return valueSchema == null
                    ? "its value is null and metadata-columns is false, so it has no column"
                    : "its value has no fields besides partition fields and metadata-columns is false, so it has no"
                            + " column";
        }
        if (withMetadata && keySchema != null) {
            if (keySchema.type() == Schema.Type.STRUCT) {
                for (Field field : keySchema.fields()) {
                    String empty = emptyStruct(field.schema(), "key field " + field.name());
                    if (empty != null) {
                        return empty;
                    }
                }
            } else {
                return emptyStruct(keySchema, "the key");
            }
        }
        return null;
    }

    private static String emptyStruct(Schema schema, String path) {
        return switch (schema.type()) {
            case STRUCT -> {
                if (schema.fields().isEmpty()) {
                    yield path + " is a struct without fields, which Parquet cannot hold (it has no empty groups)";
                }
                for (Field field : schema.fields()) {
                    String empty = emptyStruct(field.schema(), path + "." + field.name());
                    if (empty != null) {
                        yield empty;
                    }
                }
                yield null;
            }
            case ARRAY -> emptyStruct(schema.valueSchema(), path + "[]");
            case MAP -> {
                String key = emptyStruct(schema.keySchema(), path + " (a map key)");
                yield key != null ? key : emptyStruct(schema.valueSchema(), path + " (a map value)");
            }
            default -> null;
        };
    }

    public org.apache.avro.Schema avro() {
        return avro;
    }

    /** The data columns' original names and their column names in objects (see {@link ColumnNames}), in order. */
    public Map<String, String> columnNames() {
        Map<String, String> names = new LinkedHashMap<>();
        data.forEach(c -> names.put(c.name, c.avroName));
        if (metadata != null) {
            metadata.names().forEach(n -> names.put(n, n));
        }
        return names;
    }

    /**
     * One row as an Avro record of {@link #avro()}.
     *
     * @throws DataException naming the field, if a value does not fit its column (a decimal with more digits than
     *     its precision, a time or UUID that cannot be read, …)
     */
    public GenericRecord toAvro(LakeRow row) {
        GenericData.Record record = new GenericData.Record(avro);
        if (row.value() != null) {
            if (structValues) {
                Struct struct = (Struct) row.value();
                int[] indexes = sourceIndexes.computeIfAbsent(struct.schema(), this::indexesOf);
                List<Field> sourceFields = struct.schema().fields();
                for (int i = 0; i < data.size(); i++) {
                    int source = indexes[i];
                    Object value = source < 0 ? null : struct.get(sourceFields.get(source));
                    record.put(i, value == null ? null : data.get(i).convert(value));
                }
            } else {
                record.put(0, data.get(0).convert(row.value()));
            }
        }
        if (metadata != null) {
            metadata.fill(record, data.size(), row);
        }
        return record;
    }

    private int[] indexesOf(Schema schema) {
        int[] indexes = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Field field = schema.field(data.get(i).name);
            indexes[i] = field == null ? -1 : field.index();
        }
        return indexes;
    }

    // ---- Connect to Avro ----------------------------------------------------------------------------------

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
                    name,
                    org.apache.avro.Schema.createUnion(
                            org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type),
                    null,
                    org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE);
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
                                    types.unique(path + "_decimal"), null, "dev.tributary.lake", bytesFor(precision)));
                }
                case Date.LOGICAL_NAME -> {
                    return LogicalTypes.date()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
                }
                case Time.LOGICAL_NAME -> {
                    // Microseconds, not Connect's milliseconds: Athena reads TIME(MICROS) as bigint, TIME(MILLIS) not
                    // at all.
                    return LogicalTypes.timeMicros()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
                }
                case Timestamp.LOGICAL_NAME, SemanticTypes.ZONED_TIMESTAMP -> {
                    return LogicalTypes.timestampMicros()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
                }
                case SemanticTypes.MICRO_TIMESTAMP -> {
                    return LogicalTypes.localTimestampMicros()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
                }
                case SemanticTypes.MICRO_TIME -> {
                    return LogicalTypes.timeMicros()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
                }
                case SemanticTypes.UUID -> {
                    return LogicalTypes.uuid()
                            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING));
                }
                default -> {
                    // Other names are written as their base type.
                }
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
            case BYTES -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case ARRAY ->
                org.apache.avro.Schema.createArray(nullable(avroType(schema.valueSchema(), path + "_e", types)));
            case MAP ->
                schema.keySchema().type() == Schema.Type.STRING
                        ? org.apache.avro.Schema.createMap(nullable(avroType(schema.valueSchema(), path + "_v", types)))
                        : org.apache.avro.Schema.createArray(org.apache.avro.Schema.createRecord(
                                types.unique(path + "_entry"),
                                null,
                                "dev.tributary.lake",
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
                yield org.apache.avro.Schema.createRecord(name, null, "dev.tributary.lake", false, fields);
            }
        };
    }

    static Function<Object, Object> converter(Schema schema, org.apache.avro.Schema avro) {
        org.apache.avro.Schema type = avro.isUnion() ? avro.getTypes().get(1) : avro;
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) type.getLogicalType();
                    int scale = decimal.getScale();
                    int precision = decimal.getPrecision();
                    return value -> {
                        BigDecimal scaled;
                        try {
                            scaled = ((BigDecimal) value).setScale(scale);
                        } catch (ArithmeticException e) {
                            throw new DataException("its value " + ((BigDecimal) value).toPlainString() + " has more"
                                    + " than " + scale + " decimal places");
                        }
                        if (scaled.precision() > precision) {
                            throw new DataException("its value " + scaled.toPlainString() + " has "
                                    + scaled.precision() + " digits, more than the precision " + precision
                                    + " of its column");
                        }
                        return DECIMALS.toFixed(scaled, type, decimal);
                    };
                }
                case Date.LOGICAL_NAME -> {
                    return value -> (int) Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L);
                }
                case Time.LOGICAL_NAME -> {
                    return value -> ((java.util.Date) value).getTime() * 1000L;
                }
                case Timestamp.LOGICAL_NAME -> {
                    return value -> Math.multiplyExact(((java.util.Date) value).getTime(), 1000L);
                }
                case SemanticTypes.ZONED_TIMESTAMP -> {
                    return value -> {
                        try {
                            return instantMicros((String) value);
                        } catch (java.time.DateTimeException | ArithmeticException e) {
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
            case ARRAY -> {
                Function<Object, Object> element = converter(schema.valueSchema(), type.getElementType());
                yield value -> {
                    Collection<?> list = (Collection<?>) value;
                    List<Object> out = new ArrayList<>(list.size());
                    for (Object item : list) {
                        out.add(item == null ? null : element.apply(item));
                    }
                    return out;
                };
            }
            case MAP -> {
                if (schema.keySchema().type() == Schema.Type.STRING) {
                    Function<Object, Object> element = converter(schema.valueSchema(), type.getValueType());
                    yield value -> {
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
                yield value -> {
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
            case STRUCT -> {
                List<Field> fields = schema.fields();
                List<Function<Object, Object>> converters = new ArrayList<>();
                for (int i = 0; i < fields.size(); i++) {
                    converters.add(converter(
                            fields.get(i).schema(), type.getFields().get(i).schema()));
                }
                yield value -> {
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
        };
    }

    private static org.apache.avro.Schema nullable(org.apache.avro.Schema type) {
        return org.apache.avro.Schema.createUnion(
                org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type);
    }

    /**
     * Microseconds since the epoch of an ISO-8601 instant. The poller's form ({@code 2026-11-25T10:00:00.123456Z})
     * is read directly; any other offset form goes through {@link OffsetDateTime#parse}.
     */
    public static long instantMicros(String text) {
        int length = text.length();
        if (length >= 20
                && text.charAt(length - 1) == 'Z'
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':') {
            try {
                long days = java.time.LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2))
                        .toEpochDay();
                long seconds =
                        days * 86_400L + digits(text, 11, 2) * 3600L + digits(text, 14, 2) * 60L + digits(text, 17, 2);
                long micros = 0;
                if (length > 20) {
                    if (text.charAt(19) != '.' || length - 21 > 9 || length == 21) {
                        return micros(OffsetDateTime.parse(text).toInstant());
                    }
                    int fraction = length - 21;
                    micros = digits(text, 20, Math.min(fraction, 6));
                    for (int i = fraction; i < 6; i++) {
                        micros *= 10;
                    }
                }
                return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
            } catch (NumberFormatException | java.time.DateTimeException e) {
                return micros(OffsetDateTime.parse(text).toInstant());
            }
        }
        return micros(OffsetDateTime.parse(text).toInstant());
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(text);
            }
            value = value * 10 + digit;
        }
        return value;
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
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

    /** A data column: the value field it comes from and its Avro field. */
    static final class Column {
        final String name;
        final String avroName;
        final Schema schema;
        final Function<Object, Object> converter;

        Column(String name, org.apache.avro.Schema.Field avro, Schema schema) {
            this.name = name;
            this.avroName = avro.name();
            this.schema = schema;
            this.converter = converter(schema, avro.schema());
        }

        Object convert(Object value) {
            return RowLayout.convert("field ", name, converter, value);
        }
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
