package dev.tributary.sink.schema;

import org.apache.kafka.connect.data.Schema;

/**
 * One record as the lake stores it: its (transformed) key and value, and where it came from.
 *
 * @param keySchema the key's schema, or null
 * @param key the key
 * @param valueSchema the value's schema, or null for a tombstone
 * @param value the value, or null for a tombstone
 * @param topic the topic
 * @param partition the Kafka partition
 * @param offset the offset
 * @param timestamp Kafka's timestamp in epoch milliseconds, or null
 * @param sourceTime when the row changed at the source, in epoch microseconds, or null when unknown
 * @param deleted whether the record says its key was deleted: a tombstone, or a delete record
 *     ({@link DeleteRecords})
 */
public record LakeRow(
        Schema keySchema,
        Object key,
        Schema valueSchema,
        Object value,
        String topic,
        int partition,
        long offset,
        Long timestamp,
        Long sourceTime,
        boolean deleted) {

    /** A row that is a delete only if it is a tombstone. */
    public LakeRow(
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            String topic,
            int partition,
            long offset,
            Long timestamp,
            Long sourceTime) {
        this(keySchema, key, valueSchema, value, topic, partition, offset, timestamp, sourceTime, value == null);
    }

    /** The record header in which the poller gives a row's change time, an ISO-8601 instant. */
    public static final String CHANGE_TIME_HEADER = "tributary.change-time";

    /** u for an upsert, d for a delete. */
    public String operation() {
        return deleted ? "d" : "u";
    }
}
