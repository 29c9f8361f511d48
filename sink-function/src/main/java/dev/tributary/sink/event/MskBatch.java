package dev.tributary.sink.event;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.tributary.core.record.TopicPartition;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The records of an MSK (or self-managed Kafka) event source mapping event, grouped by topic partition and in
 * offset order within each.
 */
public final class MskBatch {

    private MskBatch() {}

    /**
     * @throws IllegalArgumentException if the event is not a Kafka event (no records map)
     */
    public static List<InputRecord> records(KafkaEvent event) {
        if (event == null || event.getRecords() == null) {
            throw new IllegalArgumentException("Cannot read the event because it has no 'records': the sink takes"
                    + " Kafka event source mapping events (eventSource aws:kafka or SelfManagedKafka)");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        List<InputRecord> records = new ArrayList<>();
        for (Map.Entry<String, List<KafkaEvent.KafkaEventRecord>> entry :
                event.getRecords().entrySet()) {
            for (KafkaEvent.KafkaEventRecord record : entry.getValue()) {
                TopicPartition topicPartition = new TopicPartition(record.getTopic(), record.getPartition());
                List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
                if (record.getHeaders() != null) {
                    for (Map<String, byte[]> header : record.getHeaders()) {
                        header.forEach((k, v) -> headers.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
                    }
                }
                records.add(new InputRecord(
                        topicPartition,
                        record.getOffset(),
                        record.getTimestamp() < 0 ? null : record.getTimestamp(),
                        record.getKey() == null ? null : base64.decode(record.getKey()),
                        record.getValue() == null ? null : base64.decode(record.getValue()),
                        headers));
            }
        }
        records.sort(Comparator.comparing(InputRecord::topicPartition).thenComparingLong(InputRecord::offset));
        return records;
    }
}
