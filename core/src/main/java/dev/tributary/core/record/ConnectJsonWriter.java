package dev.tributary.core.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Serializes Connect data exactly as Kafka Connect's {@link JsonConverter} does with {@code schemas.enable=true}
 * ({@code {"schema": …, "payload": …}}, decimals as base64), but streams the payload instead of building a JSON
 * tree per record, and renders each schema only once. Connect tooling and the sink read what it writes.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class ConnectJsonWriter {

    private static final byte[] SCHEMA_PREFIX = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_PREFIX = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory factory = new JsonFactory().setRootValueSeparator(null);
    private final JsonConverter schemaRenderer = new JsonConverter();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Schema, byte[]> renderedSchemas = new IdentityHashMap<>();
    private final Map<Schema, SerializedString[]> fieldNames = new IdentityHashMap<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private JsonGenerator generator;

    public ConnectJsonWriter() {
        schemaRenderer.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true"), false);
        generator = newGenerator();
    }

    /**
     * The record value (or key) in JsonConverter's envelope format.
     *
     * @return the serialized bytes, or null for a null schema and value (a tombstone), as JsonConverter does
     * @throws DataException if the value does not match the schema (a required field is null, a wrong type)
     */
    public byte[] write(Schema schema, Object value) {
        if (schema == null) {
            if (value == null) {
                return null;
            }
            throw new DataException("Cannot serialize a value without a schema: this writer always embeds schemas");
        }
        try {
            startEnvelope(schema);
            // One generator serves every record: it writes each payload as a root value into the same buffer.
            writeValue(generator, schema, value);
            return endEnvelope();
        } catch (IOException | RuntimeException e) {
            throw restarted(e);
        }
    }

    /** Starts a record in the buffer: the schema, and the key of the payload that follows. */
    private void startEnvelope(Schema schema) throws IOException {
        buffer.reset();
        buffer.write(SCHEMA_PREFIX);
        buffer.write(renderedSchema(schema));
        buffer.write(PAYLOAD_PREFIX);
    }

    /** Ends the record whose payload the generator has written, and returns its bytes. */
    private byte[] endEnvelope() throws IOException {
        generator.flush();
        buffer.write('}');
        return buffer.toByteArray();
    }

    /**
     * A record that failed half-way leaves the generator inside an object: starts a fresh one, and returns the
     * failure to throw.
     */
    private RuntimeException restarted(Exception failure) {
        generator = newGenerator();
        return failure instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failure;
    }

    private JsonGenerator newGenerator() {
        try {
            return factory.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A struct given as its field values, in field order, without building a {@link Struct}: the fast path for
     * records that no transform touches. The values must be of their fields' Connect types, as a Struct holds them.
     */
    public byte[] writeStruct(Schema schema, Object[] values) {
        if (schema.type() != Schema.Type.STRUCT
                || values.length != schema.fields().size()) {
            throw new DataException("Cannot write " + values.length + " values as struct " + schema);
        }
        try {
            startEnvelope(schema);
            List<Field> fields = schema.fields();
            SerializedString[] names = fieldNames(schema);
            generator.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                generator.writeFieldName(names[i]);
                writeValue(generator, fields.get(i).schema(), values[i]);
            }
            generator.writeEndObject();
            return endEnvelope();
        } catch (IOException | RuntimeException e) {
            throw restarted(e);
        }
    }

    private SerializedString[] fieldNames(Schema schema) {
        SerializedString[] names = fieldNames.get(schema);
        if (names == null) {
            names = schema.fields().stream()
                    .map(f -> new SerializedString(f.name()))
                    .toArray(SerializedString[]::new);
            if (fieldNames.size() > 1000) {
                fieldNames.clear();
            }
            fieldNames.put(schema, names);
        }
        return names;
    }

    private byte[] renderedSchema(Schema schema) throws IOException {
        byte[] rendered = renderedSchemas.get(schema);
        if (rendered == null) {
            rendered = mapper.writeValueAsBytes(schemaRenderer.asJsonSchema(schema));
            if (renderedSchemas.size() > 1000) {
                renderedSchemas.clear();
            }
            renderedSchemas.put(schema, rendered);
        }
        return rendered;
    }

    private void writeValue(JsonGenerator out, Schema schema, Object value) throws IOException {
        if (value == null) {
            if (schema.defaultValue() != null) {
                writeValue(out, schema, schema.defaultValue());
                return;
            }
            if (!schema.isOptional()) {
                throw new DataException(
                        "Conversion error: null value for field that is required and has no default" + " value");
            }
            out.writeNull();
            return;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    if (!(value instanceof BigDecimal decimal)) {
                        throw new DataException(
                                "Invalid type for Decimal, expected BigDecimal but was " + value.getClass());
                    }
                    out.writeBinary(Decimal.fromLogical(schema, decimal));
                    return;
                }
                case Date.LOGICAL_NAME -> {
                    out.writeNumber(Date.fromLogical(schema, asDate(value, "Date")));
                    return;
                }
                case Time.LOGICAL_NAME -> {
                    out.writeNumber(Time.fromLogical(schema, asDate(value, "Time")));
                    return;
                }
                case Timestamp.LOGICAL_NAME -> {
                    out.writeNumber(Timestamp.fromLogical(schema, asDate(value, "Timestamp")));
                    return;
                }
                default -> {
                    // Other names (io.debezium.time.MicroTimestamp, …) are carried by their base type.
                }
            }
        }
        switch (schema.type()) {
            case INT8 -> out.writeNumber((Byte) value);
            case INT16 -> out.writeNumber((Short) value);
            case INT32 -> out.writeNumber((Integer) value);
            case INT64 -> out.writeNumber((Long) value);
            case FLOAT32 -> out.writeNumber((Float) value);
            case FLOAT64 -> out.writeNumber((Double) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case STRING -> out.writeString((String) value);
            case BYTES -> {
                if (value instanceof byte[] bytes) {
                    out.writeBinary(bytes);
                } else if (value instanceof ByteBuffer bytes) {
                    out.writeBinary(bytes.array());
                } else {
                    throw new DataException("Invalid type for bytes type: " + value.getClass());
                }
            }
            case ARRAY -> {
                out.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    writeValue(out, schema.valueSchema(), element);
                }
                out.writeEndArray();
            }
            case MAP -> writeMap(out, schema, (Map<?, ?>) value);
            case STRUCT -> {
                Struct struct = (Struct) value;
                if (!struct.schema().equals(schema)) {
                    throw new DataException("Mismatching schema.");
                }
                SerializedString[] names = fieldNames(schema);
                List<Field> fields = schema.fields();
                out.writeStartObject();
                for (int i = 0; i < names.length; i++) {
                    out.writeFieldName(names[i]);
                    writeValue(out, fields.get(i).schema(), struct.get(fields.get(i)));
                }
                out.writeEndObject();
            }
            default -> throw new DataException("Couldn't convert " + value + " to JSON.");
        }
    }

    private void writeMap(JsonGenerator out, Schema schema, Map<?, ?> map) throws IOException {
        boolean objectMode = schema.keySchema().type() == Schema.Type.STRING
                && !schema.keySchema().isOptional();
        if (objectMode) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName((String) entry.getKey());
                writeValue(out, schema.valueSchema(), entry.getValue());
            }
            out.writeEndObject();
        } else {
            out.writeStartArray();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeStartArray();
                writeValue(out, schema.keySchema(), entry.getKey());
                writeValue(out, schema.valueSchema(), entry.getValue());
                out.writeEndArray();
            }
            out.writeEndArray();
        }
    }

    private static java.util.Date asDate(Object value, String type) {
        if (value instanceof java.util.Date date) {
            return date;
        }
        throw new DataException("Invalid type for " + type + ", expected Date but was " + value.getClass());
    }
}
