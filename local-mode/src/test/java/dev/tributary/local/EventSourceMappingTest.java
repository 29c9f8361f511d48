package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local MSK event source mapping does what Lambda's does with an on-failure destination: a batch the sink cannot
 * write is retried {@value KafkaEventSourceMapping#MAXIMUM_RETRY_ATTEMPTS} times, then written to the on-failure
 * directory and skipped, so that one bad batch cannot block its partition, and the next batch goes through.
 */
class EventSourceMappingTest {

    @TempDir
    Path work;

    @Test
    void shouldGiveABatchUpAfterTenRetriesAndMoveOn() throws Exception {
        LocalStack stack = LocalStack.shared();
        String topic = "mapping-" + System.nanoTime();
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        // A sink whose bucket does not exist: every invocation fails at once (a permanent failure).
        Path pipeline = Files.writeString(work.resolve("sink.yaml"), """
                sinks:
                  - name: nowhere
                    topics: %s
                    bucket: no-such-bucket-anywhere
                    format: json
                """.formatted(topic));
        Map<String, String> environment = new LinkedHashMap<>(stack.awsEnvironment());
        environment.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        environment.put("TRIBUTARY_CONFIG", pipeline.toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (LambdaFunction sink = LambdaFunction.builder(
                                "tributary-sink",
                                LocalFunctions.functionsDirectory().resolve("tributary-sink-function-function.zip"))
                        .environment(environment)
                        .workDirectory(work)
                        .start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", stack.kafka().bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "{\"id\": 1}")).get();
            KafkaEventSourceMapping mapping = new KafkaEventSourceMapping(
                    sink,
                    stack.kafka().bootstrapServers(),
                    Pattern.compile(Pattern.quote(topic)),
                    100,
                    Duration.ofMillis(100),
                    Duration.ofMillis(10),
                    work.resolve("on-failure"),
                    new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8)));
            try {
                mapping.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> mapping.skippedBatches() == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> mapping.lag() == 0);
            } finally {
                mapping.close();
            }
            assertThat(sink.invocations())
                    .as("the first attempt and every retry")
                    .isEqualTo(KafkaEventSourceMapping.MAXIMUM_RETRY_ATTEMPTS + 1L);
        }
        Path report = work.resolve("on-failure/" + topic + "-0-0.json");
        JsonNode failed = new ObjectMapper().readTree(report.toFile());
        assertThat(failed.path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failed.path("error").asText()).contains("NoSuchBucket");
        assertThat(failed.path("payload")
                        .path("records")
                        .path(topic + "-0")
                        .get(0)
                        .path("offset")
                        .asLong())
                .isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("failed 10 retries");
    }
}
