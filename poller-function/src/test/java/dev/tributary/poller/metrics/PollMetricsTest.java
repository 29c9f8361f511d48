package dev.tributary.poller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.RelationSummary;
import dev.tributary.poller.SourceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void shouldWriteEachSourcesLagRowsAndErrorsInEmbeddedMetricFormat() throws Exception {
        PollResponse response = new PollResponse(
                "schedule",
                12,
                List.of(
                        new SourceSummary(
                                "pagila.public.",
                                12,
                                2,
                                1,
                                null,
                                null,
                                null,
                                List.of(relation("public.address", 2.5), relation("public.city", 7.25))),
                        new SourceSummary("pagila.query", 0, 0, 1, null, null, "Cannot read pagila.query", List.of()),
                        new SourceSummary("leased", 0, 0, 0, "other until 10:01", null, null, List.of())));

        List<String> lines = PollMetrics.lines(response, "Tributary", AT);

        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("_aws").path("Timestamp").asLong()).isEqualTo(AT.toEpochMilli());
        JsonNode directive = first.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Tributary");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Source\"],[]]");
        assertThat(directive.path("Metrics").findValuesAsText("Name"))
                .containsExactly("LagSeconds", "RowsPolled", "SourceErrors");
        assertThat(first.path("Source").asText()).isEqualTo("pagila.public.");
        assertThat(first.path("LagSeconds").asDouble()).isEqualTo(7.25);
        assertThat(first.path("RowsPolled").asLong()).isEqualTo(12);
        assertThat(first.path("SourceErrors").asInt()).isZero();
        JsonNode failed = JSON.readTree(lines.get(1));
        assertThat(failed.has("LagSeconds"))
                .as("no lag is known for a failed source")
                .isFalse();
        assertThat(failed.path("SourceErrors").asInt()).isEqualTo(1);
    }

    private static RelationSummary relation(String name, double lag) {
        return new RelationSummary(name, "t", 6, 100, 1, 0, 0, null, null, lag, true, null);
    }
}
