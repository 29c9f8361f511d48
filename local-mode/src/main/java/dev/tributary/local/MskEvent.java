package dev.tributary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The event an Amazon MSK event source mapping sends to Lambda: records grouped by {@code "<topic>-<partition>"},
 * keys and values in base64, each header as an object whose value is the header's bytes as a number array.
 */
public final class MskEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MskEvent() {}

    /** The event for these records, in the order given. */
    public static ObjectNode of(List<ConsumerRecord<byte[], byte[]>> records, String bootstrapServers) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventSource", "aws:kafka");
        event.put("eventSourceArn", "arn:aws:kafka:us-east-1:000000000000:cluster/tributary-local/local");
        event.put("bootstrapServers", bootstrapServers);
        ObjectNode byPartition = event.putObject("records");
        Base64.Encoder base64 = Base64.getEncoder();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = record.topic() + "-" + record.partition();
            ArrayNode list = byPartition.has(key) ? (ArrayNode) byPartition.get(key) : byPartition.putArray(key);
            ObjectNode item = list.addObject();
            item.put("topic", record.topic());
            item.put("partition", record.partition());
            item.put("offset", record.offset());
            item.put("timestamp", record.timestamp());
            item.put("timestampType", record.timestampType().name);
            item.put("key", record.key() == null ? null : base64.encodeToString(record.key()));
            item.put("value", record.value() == null ? null : base64.encodeToString(record.value()));
            ArrayNode headers = item.putArray("headers");
            for (Header header : record.headers()) {
                ArrayNode bytes = headers.addObject().putArray(header.key());
                for (byte b : header.value()) {
                    bytes.add(b);
                }
            }
        }
        return event;
    }

    /** About how many bytes a record adds to the event: base64 key and value, header bytes as numbers. */
    public static long encodedSize(ConsumerRecord<byte[], byte[]> record) {
        long size = 200;
        size += record.key() == null ? 0 : record.key().length * 4L / 3 + 4;
        size += record.value() == null ? 0 : record.value().length * 4L / 3 + 4;
        for (Header header : record.headers()) {
            size += header.key().length() + 8 + header.value().length * 4L;
        }
        return size;
    }
}
