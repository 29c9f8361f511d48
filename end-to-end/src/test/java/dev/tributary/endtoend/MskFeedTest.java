package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The stand-in for the MSK event source mapping hands over every record once, or fails saying what it missed. */
class MskFeedTest {

    private final String bootstrapServers = LocalStack.shared().kafka().bootstrapServers();

    @Test
    void shouldHandOverEveryRecordUpToTheEndOffsetsOnce() throws Exception {
        String topic = topicWith(3);
        MskFeed feed = new MskFeed(bootstrapServers);

        List<ConsumerRecord<byte[], byte[]>> first = feed.next(List.of(topic));

        assertThat(first)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("v0", "v1", "v2");
        assertThat(feed.next(List.of(topic))).as("nothing new since").isEmpty();
    }

    @Test
    void shouldFailNamingTheTopicAndWhatItGotWhenTheRecordsDoNotComeInTime() throws Exception {
        String topic = topicWith(3);
        MskFeed feed = new MskFeed(bootstrapServers, Duration.ZERO);

        assertThatThrownBy(() -> feed.next(List.of(topic)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cannot hand over the records of [" + topic + "]")
                .hasMessageContaining("read 0 of the 3 records")
                .hasMessageContaining(topic + "-0=3");
    }

    /** A new topic of one partition holding {@code records} records. */
    private String topicWith(int records) throws Exception {
        String topic = "feed-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrapServers), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        return topic;
    }
}
