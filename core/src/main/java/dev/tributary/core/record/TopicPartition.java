package dev.tributary.core.record;

import java.util.Objects;

/**
 * A Kafka topic partition, the unit of ordering and of offsets.
 *
 * @param topic topic name
 * @param partition partition number, zero or more
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("Cannot name a topic partition because the topic is empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException(
                    "Cannot name a partition of " + topic + " because partition " + partition + " is negative");
        }
    }

    /**
     * Parses the {@code <topic>-<partition>} form that MSK event source mappings use as keys of {@code records}.
     * Topics may contain {@code -}; the partition is what follows the last one.
     */
    public static TopicPartition parse(String value) {
        int dash = value.lastIndexOf('-');
        if (dash <= 0 || dash == value.length() - 1) {
            throw new IllegalArgumentException(
                    "Cannot parse topic partition '" + value + "' because it is not of the form <topic>-<partition>");
        }
        try {
            return new TopicPartition(value.substring(0, dash), Integer.parseInt(value.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Cannot parse topic partition '" + value + "' because '" + value.substring(dash + 1)
                            + "' is not a partition number",
                    e);
        }
    }

    @Override
    public int compareTo(TopicPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    /** The {@code <topic>-<partition>} form. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
