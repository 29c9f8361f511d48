package dev.tributary.sink.decode;

import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.Instants;
import dev.tributary.sink.schema.LakeRow;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/** Records as the event source mapping delivers them, read as a Connect sink task gets them. Pure. */
public final class SinkRecords {

    private SinkRecords() {}

    /**
     * The record with its key and value read as JsonConverter writes them. A key that is not JSON (a Connect
     * StringConverter's, say) is kept as text rather than refused.
     *
     * @throws DataException if the value cannot be read
     */
    public static SinkRecord decode(ConnectJsonReader reader, InputRecord record) {
        SchemaAndValue key = key(reader, record.key());
        SchemaAndValue value;
        try {
            value = reader.read(record.value());
        } catch (DataException e) {
            throw new DataException("Cannot decode the value: " + e.getMessage(), e);
        }
        ConnectHeaders headers = new ConnectHeaders();
        record.headers().forEach(h -> headers.addBytes(h.getKey(), h.getValue()));
        return new SinkRecord(
                record.topicPartition().topic(),
                record.topicPartition().partition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.offset(),
                record.timestamp(),
                record.timestamp() == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                headers);
    }

    /**
     * The row's change time from the poller's header, in epoch microseconds; null without it.
     *
     * @throws DataException if the header is not an ISO-8601 instant
     */
    public static Long sourceTime(SinkRecord record) {
        Header header = record.headers().lastWithName(LakeRow.CHANGE_TIME_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = header.value() instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.US_ASCII)
                : header.value().toString();
        try {
            return Instants.micros(text);
        } catch (RuntimeException e) {
            throw new DataException(
                    "Cannot read header " + LakeRow.CHANGE_TIME_HEADER + " '" + text + "' as an ISO-8601 instant");
        }
    }

    private static SchemaAndValue key(ConnectJsonReader reader, byte[] bytes) {
        try {
            return reader.read(bytes);
        } catch (DataException e) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
