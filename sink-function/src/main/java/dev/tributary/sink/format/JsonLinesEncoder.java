package dev.tributary.sink.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.lake.DeclaredTypes;
import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.core.pipeline.SinkConfig.JsonDecimalFormat;
import dev.tributary.core.pipeline.SinkConfig.JsonStyle;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.errors.DataException;

/**
 * JSON lines: one object per record, with the same columns and values as the Parquet rows (times as ISO-8601 text
 * with six fraction digits, decimals as numbers), so the catalog reads the same table from either format, with the
 * columns' Hive types declared in the object's user metadata ({@link JsonHiveTypes}). Optionally gzip.
 */
final class JsonLinesEncoder implements ObjectEncoder {

    /**
     * Times always with six fraction digits, ISO-8601 as Athena's OpenX JSON SerDe reads a timestamp, and so that
     * their text sorts as they do in tables registered before their types were declared (where a time is a string).
     */
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

    private final JsonFactory factory = new JsonFactory().setRootValueSeparator(null);
    private final boolean gzip;
    private final boolean connect;
    private final boolean numericDecimals;
    private final JsonHiveTypes types;

    /**
     * @param style how times and decimals are written: Tributary's text, or as Kafka Connect's JsonFormat writes them
     * @param decimals how the kafka-connect style writes decimals
     */
    JsonLinesEncoder(Compression compression, JsonStyle style, JsonDecimalFormat decimals) {
        this.gzip = compression == Compression.GZIP;
        this.connect = style == JsonStyle.KAFKA_CONNECT;
        this.numericDecimals = decimals == JsonDecimalFormat.NUMERIC;
        this.types = new JsonHiveTypes(connect, numericDecimals);
    }

    @Override
    public ObjectWriter open(RowLayout layout) {
        return new ObjectWriter() {
            private final ByteArrayOutputStream lines = new ByteArrayOutputStream(1 << 16);
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 10);
            // The Parquet column names, at the top as in nested objects, so that both formats make one table.
            private final List<Schema.Field> columns = layout.avro().getFields();
            private int rows;

            @Override
            public void add(LakeRow row) {
                GenericRecord record = layout.toAvro(row);
                // Each line is rendered on its own first: a value that cannot be written leaves the object as it was.
                line.reset();
                try (JsonGenerator json = factory.createGenerator(line)) {
                    json.writeStartObject();
                    for (Schema.Field column : columns) {
                        json.writeFieldName(column.name());
                        try {
                            write(json, record.get(column.pos()), column.schema());
                        } catch (RuntimeException e) {
                            throw new DataException(
                                    "Cannot write field " + column.name() + " as JSON because its"
                                            + " value cannot be rendered: " + e.getMessage(),
                                    e);
                        }
                    }
                    json.writeEndObject();
                    json.writeRaw('\n');
                    json.flush();
                    line.writeTo(lines);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot encode a JSON object: " + e.getMessage(), e);
                }
                rows++;
            }

            @Override
            public int rows() {
                return rows;
            }

            @Override
            public byte[] finish() {
                if (!gzip) {
                    return lines.toByteArray();
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1 << 10, lines.size() / 4));
                try (OutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
                    lines.writeTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot encode a JSON object: " + e.getMessage(), e);
                }
                return bytes.toByteArray();
            }
        };
    }

    private static LocalDateTime localOf(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    private void write(JsonGenerator json, Object value, Schema schema) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        Schema type = schema.isUnion() ? schema.getTypes().get(1) : schema;
        LogicalType logical = type.getLogicalType();
        if (logical != null && connect && writeAsKafkaConnect(json, value, logical)) {
            return;
        }
        if (logical != null) {
            switch (logical.getName()) {
                case "decimal" -> {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                    json.writeNumber(
                            new BigDecimal(new BigInteger(((GenericFixed) value).bytes()), decimal.getScale()));
                    return;
                }
                case "date" -> {
                    json.writeString(LocalDate.ofEpochDay((Integer) value).toString());
                    return;
                }
                case "timestamp-micros" -> {
                    json.writeString(MICROS.format(localOf((Long) value)) + "Z");
                    return;
                }
                case "local-timestamp-micros" -> {
                    json.writeString(MICROS.format(localOf((Long) value)));
                    return;
                }
                case "time-micros" -> {
                    long micros = (Long) value;
                    // PostgreSQL's 24:00:00 (the end of a day), which LocalTime cannot hold.
                    json.writeString(
                            micros == 86_400_000_000L
                                    ? "24:00"
                                    : LocalTime.ofNanoOfDay(micros * 1000).toString());
                    return;
                }
                case "time-millis" -> {
                    json.writeString(
                            LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString());
                    return;
                }
                default -> {
                    // uuid and others: the base value is right.
                }
            }
        }
        switch (type.getType()) {
            case INT -> json.writeNumber((Integer) value);
            case LONG -> json.writeNumber((Long) value);
            case FLOAT -> json.writeNumber((Float) value);
            case DOUBLE -> json.writeNumber((Double) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case STRING -> json.writeString(value instanceof Utf8 utf8 ? utf8.toString() : value.toString());
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] raw = new byte[buffer.remaining()];
                buffer.get(raw);
                json.writeBinary(raw);
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    write(json, item, type.getElementType());
                }
                json.writeEndArray();
            }
            case MAP -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName(entry.getKey().toString());
                    write(json, entry.getValue(), type.getValueType());
                }
                json.writeEndObject();
            }
            case RECORD -> {
                GenericRecord record = (GenericRecord) value;
                json.writeStartObject();
                for (Schema.Field field : type.getFields()) {
                    json.writeFieldName(field.name());
                    write(json, record.get(field.pos()), field.schema());
                }
                json.writeEndObject();
            }
            default -> json.writeString(value.toString());
        }
    }

    /**
     * A logical value as Kafka Connect's JsonConverter (schemas off) writes it, from the Avro form the layout gives:
     * Timestamp as epoch milliseconds, Date as days, Time as milliseconds of the day, Decimal as json.decimal.format.
     *
     * @return false for a logical type it writes no differently
     */
    private boolean writeAsKafkaConnect(JsonGenerator json, Object value, LogicalType logical) throws IOException {
        switch (logical.getName()) {
            case "decimal" -> {
                BigInteger unscaled = new BigInteger(((GenericFixed) value).bytes());
                if (numericDecimals) {
                    json.writeNumber(new BigDecimal(unscaled, ((LogicalTypes.Decimal) logical).getScale()));
                } else {
                    // Kafka Connect's Decimal bytes: the unscaled value's shortest two's-complement form.
                    json.writeBinary(unscaled.toByteArray());
                }
                return true;
            }
            case "date" -> json.writeNumber((Integer) value);
            case "timestamp-micros", "local-timestamp-micros" -> json.writeNumber(Math.floorDiv((Long) value, 1000L));
            case "time-micros" -> json.writeNumber((int) ((Long) value / 1000L));
            case "time-millis" -> json.writeNumber((Integer) value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The columns' Hive types, declared for the catalog ({@link DeclaredTypes}). */
    @Override
    public Map<String, String> metadata(RowLayout layout) {
        return Map.of(DeclaredTypes.METADATA_KEY, DeclaredTypes.encode(types.nonStringColumns(layout.avro())));
    }

    @Override
    public String extension() {
        return gzip ? "json.gz" : "json";
    }

    @Override
    public String contentType() {
        return gzip ? "application/gzip" : "application/x-ndjson";
    }
}
