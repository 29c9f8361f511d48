package dev.tributary.endtoend;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.local.MskEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Stands in for the MSK event source mapping: reads what the broker holds past what it handed over before, and
 * hands it over as the mapping's events (records grouped by "topic-partition", keys, values and headers as AWS
 * encodes them).
 */
final class MskFeed {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Duration wait;
    private final Map<TopicPartition, Long> delivered = new HashMap<>();

    MskFeed(String bootstrapServers) {
        this(bootstrapServers, WAIT);
    }

    /** For tests: waits up to {@code wait} for the records up to the end offsets. */
    MskFeed(String bootstrapServers, Duration wait) {
        this.bootstrapServers = bootstrapServers;
        this.wait = wait;
    }

    /**
     * The topics' records not handed over yet, up to the end offsets when called.
     *
     * @throws AssertionError naming the topics, the offsets reached and the records read, if they do not all come
     *     within the wait (30 s unless told)
     */
    List<ConsumerRecord<byte[], byte[]>> next(Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, delivered.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + wait.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() - deadline >= 0) {
                    throw notReached(topics, end, records.size(), consumer);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            end.forEach(delivered::put);
        }
        return records;
    }

    private AssertionError notReached(
            Collection<String> topics,
            Map<TopicPartition, Long> end,
            int read,
            KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> reached = new HashMap<>();
        end.keySet().forEach(p -> reached.put(p, consumer.position(p)));
        long expected = end.entrySet().stream()
                .mapToLong(e -> e.getValue() - delivered.getOrDefault(e.getKey(), 0L))
                .sum();
        return new AssertionError("Cannot hand over the records of " + topics + " because within "
                + wait.toMillis() + " ms the consumer read " + read + " of the " + expected
                + " records up to the end offsets " + byName(end) + " (it reached " + byName(reached)
                + "); check that the broker at " + bootstrapServers + " serves them, or wait longer");
    }

    /** Offsets by "topic-partition", sorted. */
    private static Map<String, Long> byName(Map<TopicPartition, Long> offsets) {
        Map<String, Long> named = new TreeMap<>();
        offsets.forEach((p, offset) -> named.put(p.toString(), offset));
        return named;
    }

    /** The event the mapping would send for these records, read into the SDK's type as the Lambda runtime does. */
    KafkaEvent event(List<ConsumerRecord<byte[], byte[]>> records) {
        try {
            return JSON.treeToValue(json(records), KafkaEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event as JSON, as local mode's event source mapping builds it. */
    ObjectNode json(List<ConsumerRecord<byte[], byte[]>> records) {
        return MskEvent.of(records, bootstrapServers);
    }
}
