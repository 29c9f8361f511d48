package dev.tributary.sink.event;

import dev.tributary.core.record.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * One Kafka record as the event source mapping delivered it, decoded from base64.
 *
 * @param topicPartition where it is
 * @param offset its offset
 * @param timestamp Kafka's timestamp in epoch milliseconds, or null
 * @param key the raw key, or null
 * @param value the raw value, or null (a tombstone)
 * @param headers the headers, in order
 */
public record InputRecord(
        TopicPartition topicPartition,
        long offset,
        Long timestamp,
        byte[] key,
        byte[] value,
        List<Map.Entry<String, byte[]>> headers) {}
