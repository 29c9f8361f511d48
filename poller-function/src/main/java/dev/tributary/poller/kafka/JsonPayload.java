package dev.tributary.poller.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * The payload of JsonConverter's envelope, {@code {"schema": …, "payload": …}}: the bytes JsonConverter writes with
 * {@code schemas.enable=false}. Cutting it out of what {@link dev.tributary.core.record.ConnectJsonWriter} writes
 * keeps one serializer for both forms, so the payload is the same byte for byte whichever a source chooses.
 *
 * <p>The writer renders a schema the same way every time, so where the payload starts is found once per schema
 * (by parsing past the schema, which may hold any text) and then only checked. Not thread-safe.
 */
final class JsonPayload {

    private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);
    /** Schemas are few (one per relation, and per shape a transform makes); a runaway count is cleared, not kept. */
    private static final int CACHED_SCHEMAS = 1000;

    private final JsonFactory factory = new JsonFactory();
    private final Map<Schema, Integer> starts = new IdentityHashMap<>();

    /** The payload of an envelope written for a schema; null for null (a tombstone stays one). */
    byte[] of(Schema schema, byte[] envelope) {
        if (envelope == null) {
            return null;
        }
        Integer start = starts.get(schema);
        if (start == null
                || !Arrays.equals(
                        envelope, start - PAYLOAD_FIELD.length, start, PAYLOAD_FIELD, 0, PAYLOAD_FIELD.length)) {
            start = find(envelope);
            if (starts.size() >= CACHED_SCHEMAS) {
                starts.clear();
            }
            starts.put(schema, start);
        }
        // The envelope's last byte closes it.
        return Arrays.copyOfRange(envelope, start, envelope.length - 1);
    }

    private int find(byte[] envelope) {
        try (JsonParser parser = factory.createParser(envelope)) {
            if (parser.nextToken() != JsonToken.START_OBJECT
                    || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"schema".equals(parser.currentName())) {
                throw new IllegalStateException("Cannot find the payload because the record is not in"
                        + " JsonConverter's envelope: it does not start with {\"schema\":");
            }
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != JsonToken.FIELD_NAME || !"payload".equals(parser.currentName())) {
                throw new IllegalStateException(
                        "Cannot find the payload because the record's schema is not" + " followed by \"payload\"");
            }
            parser.nextToken();
            return (int) parser.currentTokenLocation().getByteOffset();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find the payload because the record is not JSON", e);
        }
    }
}
