package dev.tributary.poller.kafka;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.KeyFormat;
import dev.tributary.core.pipeline.SourceConfig.ValueFormat;
import dev.tributary.core.record.ConnectJsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * Turns a Connect record into the bytes Kafka stores, as the Kafka Connect converters a source's key-format and
 * value-format name write them: JsonConverter with its envelope ({@code {"schema": …, "payload": …}}, the default)
 * or without it, StringConverter, IntegerConverter, LongConverter; headers as SimpleHeaderConverter writes them
 * (strings as UTF-8). Not thread-safe.
 */
public final class RecordEncoder {

    /** Header naming the pipeline source a record came from. */
    public static final String SOURCE_HEADER = "tributary.source";
    /** Header naming the table a record came from (table sources). */
    public static final String TABLE_HEADER = "tributary.table";
    /** Header with the row's change time, an ISO-8601 instant, in the timestamp modes. */
    public static final String CHANGE_TIME_HEADER = "tributary.change-time";

    private final KeyFormat keyFormat;
    private final ValueFormat valueFormat;
    private final ConnectJsonWriter writer = new ConnectJsonWriter();
    private final JsonPayload payload = new JsonPayload();
    private final SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();
    private final StringConverter stringConverter = new StringConverter();
    private final IntegerSerializer integers = new IntegerSerializer();
    private final LongSerializer longs = new LongSerializer();
    /** JsonConverter without schemas, for the values only it can write: those without a schema. */
    private JsonConverter schemaless;

    /** Keys and values in JsonConverter's envelope format, the default formats. */
    public RecordEncoder() {
        this(KeyFormat.JSON_WITH_SCHEMA, ValueFormat.JSON_WITH_SCHEMA);
    }

    public RecordEncoder(KeyFormat keyFormat, ValueFormat valueFormat) {
        this.keyFormat = keyFormat;
        this.valueFormat = valueFormat;
        headerConverter.configure(Map.of());
        stringConverter.configure(Map.of(), true);
    }

    /** An encoder writing a source's records in its key-format and value-format. */
    public static RecordEncoder of(SourceConfig source) {
        return new RecordEncoder(source.keyFormat(), source.valueFormat());
    }

    /** A key or value in JsonConverter's envelope format (null for a null schema and value), whatever the formats. */
    public byte[] write(Schema schema, Object value) {
        return writer.write(schema, value);
    }

    /**
     * A struct given as its field values, in JsonConverter's envelope format whatever the formats: the fast path of
     * a source with the default formats. {@link #keyStruct} and {@link #valueStruct} follow the formats.
     */
    public byte[] writeStruct(Schema schema, Object[] values) {
        return writer.writeStruct(schema, values);
    }

    /**
     * A key struct given as its field values, in the key format: the fast path, for records no transform touches.
     *
     * @throws DataException if the key format cannot write a struct (integer, long)
     */
    public byte[] keyStruct(Schema schema, Object[] values) {
        return switch (keyFormat) {
            case JSON_WITH_SCHEMA -> writer.writeStruct(schema, values);
            case JSON -> payload.of(schema, writer.writeStruct(schema, values));
            case STRING, INTEGER, LONG -> key(null, schema, struct(schema, values));
        };
    }

    /** A value struct given as its field values, in the value format: the fast path, for untransformed records. */
    public byte[] valueStruct(Schema schema, Object[] values) {
        byte[] envelope = writer.writeStruct(schema, values);
        return valueFormat == ValueFormat.JSON ? payload.of(schema, envelope) : envelope;
    }

    /**
     * The record's key in the key format.
     *
     * @throws DataException if the key does not match its schema, or the format cannot write it (a struct as
     *         integer), as Kafka Connect's converters refuse it
     */
    public byte[] key(SourceRecord record) {
        return key(record.topic(), record.keySchema(), record.key());
    }

    /**
     * The record's value in the value format.
     *
     * @throws DataException if the value does not match its schema
     */
    public byte[] value(SourceRecord record) {
        if (valueFormat == ValueFormat.JSON) {
            return json(record.topic(), record.valueSchema(), record.value());
        }
        return writer.write(record.valueSchema(), record.value());
    }

    public RecordHeaders headers(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(
                    header.key(),
                    headerConverter.fromConnectHeader(record.topic(), header.key(), header.schema(), header.value()));
        }
        return headers;
    }

    /** A header value as raw UTF-8, for headers the poller adds outside Connect's model (dead letters). */
    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] key(String topic, Schema schema, Object key) {
        return switch (keyFormat) {
            case JSON_WITH_SCHEMA -> writer.write(schema, key);
            case JSON -> json(topic, schema, key);
            // Kafka's own StringConverter: a key's toString() in UTF-8, Struct{field=value,…} for a struct.
            case STRING -> stringConverter.fromConnectData(topic, schema, key);
            case INTEGER ->
                key == null
                        ? null
                        : integers.serialize(topic, number(key, Integer.class, "integer", "IntegerConverter", "int32"));
            case LONG ->
                key == null ? null : longs.serialize(topic, number(key, Long.class, "long", "LongConverter", "int64"));
        };
    }

    /** JsonConverter's bytes without the envelope. */
    private byte[] json(String topic, Schema schema, Object value) {
        if (schema == null && value != null) {
            if (schemaless == null) {
                schemaless = new JsonConverter();
                schemaless.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
            }
            return schemaless.fromConnectData(topic, null, value);
        }
        return payload.of(schema, writer.write(schema, value));
    }

    /** The key as the number type IntegerConverter or LongConverter takes, which, like them, refuses any other. */
    private static <T> T number(Object key, Class<T> type, String format, String converter, String connectType) {
        if (!type.isInstance(key)) {
            throw new DataException("Cannot write the key in key-format " + format + " because it is a "
                    + key.getClass().getName() + ", not an " + connectType + " (" + converter + " writes those only):"
                    + " make it one with transforms (ValueToKey, then ExtractField$Key)");
        }
        return type.cast(key);
    }

    private static Struct struct(Schema schema, Object[] values) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < values.length; i++) {
            struct.put(schema.fields().get(i), values[i]);
        }
        return struct;
    }
}
