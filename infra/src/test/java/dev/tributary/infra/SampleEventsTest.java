package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.catalog.CatalogEvent;
import dev.tributary.poller.PollRequest;
import dev.tributary.sink.event.MskBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample events of infra/events (for {@code sam local invoke -e}): each is an event its function takes, and
 * each is a fixture of that function's handler tests, so none goes stale unnoticed.
 */
class SampleEventsTest {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Map<String, String> HANDLER_TESTS = Map.of(
            "poller", "poller-function/src/test/java/dev/tributary/poller/PollerHandlerTest.java",
            "sink", "sink-function/src/test/java/dev/tributary/sink/SinkHandlerTest.java",
            "catalog", "catalog-function/src/test/java/dev/tributary/catalog/CatalogHandlerTest.java");

    @Test
    void shouldHaveEventsEveryFunctionTakes() throws IOException {
        for (Path event : events("poller")) {
            PollRequest request = JSON.readValue(event.toFile(), PollRequest.class);
            assertThat(request.scheduled() || !request.sources().isEmpty())
                    .as(event.toString())
                    .isTrue();
        }
        for (Path event : events("sink")) {
            KafkaEvent batch = JSON.readValue(event.toFile(), KafkaEvent.class);
            assertThat(MskBatch.records(batch)).as(event.toString()).isNotEmpty();
        }
        for (Path event : events("catalog")) {
            CatalogEvent request = JSON.readValue(event.toFile(), CatalogEvent.class);
            assertThat(!request.createdObjects().isEmpty() || request.resync() != null)
                    .as(event.toString())
                    .isTrue();
        }
    }

    @Test
    void shouldUseEverySampleEventInItsHandlersTests() throws IOException {
        for (Map.Entry<String, String> function : HANDLER_TESTS.entrySet()) {
            String tests = Repository.read(function.getValue());
            for (Path event : events(function.getKey())) {
                assertThat(tests)
                        .as("%s uses %s", function.getValue(), event.getFileName())
                        .contains("\"" + event.getFileName() + "\"");
            }
        }
    }

    @Test
    void shouldHaveTheSchedulesBackfillAndResyncEventsTheGuideNames() {
        assertThat(Repository.root().resolve("infra/events/poller/scheduled-event.json"))
                .isRegularFile();
        assertThat(Repository.root().resolve("infra/events/poller/backfill.json"))
                .isRegularFile();
        assertThat(Repository.root().resolve("infra/events/sink/msk-event.json"))
                .isRegularFile();
        assertThat(Repository.root().resolve("infra/events/catalog/s3-object-created-eventbridge.json"))
                .isRegularFile();
        assertThat(Repository.root().resolve("infra/events/catalog/resync.json"))
                .isRegularFile();
    }

    private static List<Path> events(String function) throws IOException {
        try (Stream<Path> files =
                Files.list(Repository.root().resolve("infra/events").resolve(function))) {
            List<Path> events =
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(events).as("events of " + function).isNotEmpty();
            return events;
        }
    }
}
