package dev.tributary.poller.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;

import dev.tributary.core.record.ConnectJsonWriter;

/**
 * Turns a Connect record into the bytes Kafka stores: key and value in JsonConverter's envelope format, headers as
 * Kafka Connect's SimpleHeaderConverter writes them (strings as UTF-8). Not thread-safe.
 */
public final class RecordEncoder {

    /** Header naming the pipeline source a record came from. */
    public static final String SOURCE_HEADER = "tributary.source";
    /** Header naming the table a record came from (table sources). */
    public static final String TABLE_HEADER = "tributary.table";
    /** Header with the row's change time, an ISO-8601 instant, in the timestamp modes. */
    public static final String CHANGE_TIME_HEADER = "tributary.change-time";

    private final ConnectJsonWriter writer = new ConnectJsonWriter();
    private final SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();

    public RecordEncoder() {
        headerConverter.configure(Map.of());
    }

    /** A key or value in JsonConverter's envelope format (null for a null schema and value). */
    public byte[] write(org.apache.kafka.connect.data.Schema schema, Object value) {
        return writer.write(schema, value);
    }

    /** A struct given as its field values, in JsonConverter's envelope format. */
    public byte[] writeStruct(org.apache.kafka.connect.data.Schema schema, Object[] values) {
        return writer.writeStruct(schema, values);
    }

    public byte[] key(SourceRecord record) {
        return writer.write(record.keySchema(), record.key());
    }

    public byte[] value(SourceRecord record) {
        return writer.write(record.valueSchema(), record.value());
    }

    public RecordHeaders headers(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), headerConverter.fromConnectHeader(record.topic(), header.key(), header.schema(),
                    header.value()));
        }
        return headers;
    }

    /** A header value as raw UTF-8, for headers the poller adds outside Connect's model (dead letters). */
    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
