package dev.tributary.sink.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Reads record keys and values written by Kafka Connect's JsonConverter, with the schema envelope
 * ({@code {"schema": …, "payload": …}}) or without it (plain JSON, whose schema is inferred: every field optional,
 * integers as int64, other numbers as float64). An envelope whose schema is null holds plain JSON too.
 *
 * <p>Consecutive records of a topic carry the same schema text, so the schema is parsed once and recognized
 * byte for byte afterwards; only payloads are parsed, straight into Connect values, by a streaming parser. The
 * result is what JsonConverter would produce. Not thread-safe.
 */
public final class ConnectJsonReader {

    private static final byte[] SCHEMA_PREFIX = "{\"schema\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD_PREFIX = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);
    /** Schemas are looked up by their first bytes; the shortest JsonConverter schema text is longer. */
    private static final int HASHED = 24;

    /** Kafka Connect writes UTF-8 only: skipping charset detection saves real time on small payloads. */
    private final JsonFactory factory =
            JsonFactory.builder().disable(JsonFactory.Feature.CHARSET_DETECTION).build();

    private final JsonConverter converter = new JsonConverter();
    private final Map<Integer, List<CachedSchema>> schemas = new HashMap<>();

    public ConnectJsonReader() {
        converter.configure(
                Map.of(
                        JsonConverterConfig.SCHEMAS_ENABLE_CONFIG,
                        "true",
                        JsonConverterConfig.SCHEMAS_CACHE_SIZE_CONFIG,
                        "1000"),
                false);
    }

    /**
     * Reads one key or value.
     *
     * @return the schema and value; {@link SchemaAndValue#NULL} for null bytes
     * @throws DataException if the bytes are not JSON, or the payload does not match its schema
     */
    public SchemaAndValue read(byte[] bytes) {
        if (bytes == null) {
            return SchemaAndValue.NULL;
        }
        try {
            CachedSchema cached = knownSchema(bytes);
            if (cached != null) {
                return readPayload(
                        bytes, SCHEMA_PREFIX.length + cached.bytes.length + PAYLOAD_PREFIX.length, cached.schema);
            }
            return readWhole(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException("Cannot read the record as JSON: " + e.getMessage(), e);
        }
    }

    private CachedSchema knownSchema(byte[] bytes) {
        if (!startsWith(bytes, 0, SCHEMA_PREFIX)) {
            return null;
        }
        List<CachedSchema> candidates = schemas.get(hash(bytes, SCHEMA_PREFIX.length, HASHED));
        if (candidates == null) {
            return null;
        }
        for (CachedSchema candidate : candidates) {
            int end = SCHEMA_PREFIX.length + candidate.bytes.length;
            if (end + PAYLOAD_PREFIX.length < bytes.length
                    && Arrays.equals(bytes, SCHEMA_PREFIX.length, end, candidate.bytes, 0, candidate.bytes.length)
                    && startsWith(bytes, end, PAYLOAD_PREFIX)) {
                return candidate;
            }
        }
        return null;
    }

    private SchemaAndValue readWhole(byte[] bytes) throws IOException {
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT
                    && parser.nextToken() == JsonToken.FIELD_NAME
                    && parser.currentName().equals("schema")
                    && startsWith(bytes, 0, SCHEMA_PREFIX)
                    && parser.nextToken() != JsonToken.VALUE_NULL) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                if (startsWith(bytes, end, PAYLOAD_PREFIX)) {
                    byte[] schemaBytes = Arrays.copyOfRange(bytes, start, end);
                    Schema schema = parseSchema(schemaBytes);
                    remember(schemaBytes, schema);
                    return readPayload(bytes, end + PAYLOAD_PREFIX.length, schema);
                }
            }
        }
        // Not our compact envelope: an envelope with other spacing or order, or plain JSON.
        JsonNode tree = Json.MAPPER.readTree(bytes);
        if (tree != null && tree.isObject() && tree.size() == 2 && tree.has("schema") && tree.has("payload")) {
            if (tree.get("schema").isNull()) {
                // JsonConverter with schemas.enable writes a value that has no Connect schema (a schemaless
                // source's, or a Map's) as "schema": null: its payload is plain JSON, and gets an inferred schema.
                return SchemalessValues.infer(tree.get("payload"));
            }
            return converter.toConnectData("", bytes);
        }
        return SchemalessValues.infer(tree);
    }

    private Schema parseSchema(byte[] schemaBytes) throws IOException {
        return converter.asConnectSchema(Json.MAPPER.readTree(schemaBytes));
    }

    private void remember(byte[] schemaBytes, Schema schema) {
        int key = hash(schemaBytes, 0, HASHED);
        List<CachedSchema> bucket = schemas.computeIfAbsent(key, k -> new ArrayList<>());
        if (schemas.size() > 10_000) {
            schemas.clear();
            bucket = schemas.computeIfAbsent(key, k -> new ArrayList<>());
        }
        bucket.add(new CachedSchema(schemaBytes, schema));
    }

    private SchemaAndValue readPayload(byte[] bytes, int offset, Schema schema) throws IOException {
        if (offset >= bytes.length - 1) {
            throw new DataException("Cannot read the record: its envelope has a schema but no payload");
        }
        try (JsonParser parser = factory.createParser(bytes, offset, bytes.length - offset - 1)) {
            parser.nextToken();
            Object value = value(parser, schema);
            if (bytes[bytes.length - 1] != '}') {
                throw new DataException("Cannot read the record: the envelope does not end after its payload");
            }
            return new SchemaAndValue(schema, value);
        }
    }

    private Object value(JsonParser parser, Schema schema) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL || token == null) {
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            throw new DataException("Invalid null value for required " + schema.type() + " field");
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        return parser.getDecimalValue()
                                .setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
                    }
                    return Decimal.toLogical(schema, parser.getBinaryValue());
                }
                case Date.LOGICAL_NAME -> {
                    return Date.toLogical(schema, parser.getIntValue());
                }
                case Time.LOGICAL_NAME -> {
                    return Time.toLogical(schema, parser.getIntValue());
                }
                case Timestamp.LOGICAL_NAME -> {
                    return Timestamp.toLogical(schema, parser.getLongValue());
                }
                default -> {
                    // Other names are carried by their base type.
                }
            }
        }
        switch (schema.type()) {
            case INT8:
                return (byte) number(parser, schema).intValue();
            case INT16:
                return (short) number(parser, schema).intValue();
            case INT32:
                return number(parser, schema).intValue();
            case INT64:
                return number(parser, schema).longValue();
            case FLOAT32:
                return number(parser, schema).floatValue();
            case FLOAT64:
                return number(parser, schema).doubleValue();
            case BOOLEAN:
                if (!token.isBoolean()) {
                    throw mismatch(schema, parser);
                }
                return parser.getBooleanValue();
            case STRING:
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(schema, parser);
                }
                return parser.getText();
            case BYTES:
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(schema, parser);
                }
                return parser.getBinaryValue();
            case ARRAY: {
                if (token != JsonToken.START_ARRAY) {
                    throw mismatch(schema, parser);
                }
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser, schema.valueSchema()));
                }
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (schema.keySchema().type() == Schema.Type.STRING && token == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        parser.nextToken();
                        map.put(key, value(parser, schema.valueSchema()));
                    }
                    return map;
                }
                if (token != JsonToken.START_ARRAY) {
                    throw mismatch(schema, parser);
                }
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    parser.nextToken();
                    Object key = value(parser, schema.keySchema());
                    parser.nextToken();
                    Object entry = value(parser, schema.valueSchema());
                    if (parser.nextToken() != JsonToken.END_ARRAY) {
                        throw new DataException("Map entries must be arrays of a key and a value");
                    }
                    map.put(key, entry);
                }
                return map;
            }
            case STRUCT: {
                if (token != JsonToken.START_OBJECT) {
                    throw mismatch(schema, parser);
                }
                Struct struct = new Struct(schema);
                List<Field> fields = schema.fields();
                boolean[] seen = new boolean[fields.size()];
                int expected = 0;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    // JsonConverter writes fields in schema order: try the next one before looking the name up.
                    Field field = expected < fields.size()
                                    && fields.get(expected).name().equals(name)
                            ? fields.get(expected)
                            : schema.field(name);
                    expected = field == null ? expected : field.index() + 1;
                    parser.nextToken();
                    if (field == null) {
                        parser.skipChildren();
                        continue;
                    }
                    struct.put(field, value(parser, field.schema()));
                    seen[field.index()] = true;
                }
                for (Field field : schema.fields()) {
                    if (!seen[field.index()]) {
                        struct.put(field, missing(field.schema()));
                    }
                }
                return struct;
            }
            default:
                throw new DataException("Unknown schema type: " + schema.type());
        }
    }

    private static Object missing(Schema schema) {
        if (schema.defaultValue() != null) {
            return schema.defaultValue();
        }
        if (schema.isOptional()) {
            return null;
        }
        throw new DataException("Invalid null value for required " + schema.type() + " field");
    }

    private static Number number(JsonParser parser, Schema schema) throws IOException {
        if (!parser.currentToken().isNumeric()) {
            throw mismatch(schema, parser);
        }
        return parser.getNumberValue();
    }

    private static DataException mismatch(Schema schema, JsonParser parser) throws IOException {
        return new DataException("Cannot read '" + parser.getText() + "' as a value of type " + schema.type()
                + (schema.name() == null ? "" : " (" + schema.name() + ")"));
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        return bytes.length >= at + prefix.length
                && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int hash(byte[] bytes, int from, int length) {
        int end = Math.min(bytes.length, from + length);
        int hash = 1;
        for (int i = from; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    private record CachedSchema(byte[] bytes, Schema schema) {}
}
