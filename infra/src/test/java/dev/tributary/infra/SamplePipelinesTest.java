package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.infra.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample pipelines of infra/pipelines load with the environment the template gives the functions, and the
 * seed pipeline fits the template's defaults: the poller may write its topics, and each topic the sink's mappings
 * consume is written by one of its sinks to the lake bucket and under the prefixes the template expects.
 */
class SamplePipelinesTest {

    @Test
    void shouldLoadEverySamplePipelineWithTheTemplatesEnvironment() throws IOException {
        Map<String, String> environment = environment();
        for (Path file : pipelines()) {
            PipelineConfig pipeline = PipelineParser.parse(Files.readString(file), file.toString(), environment);

            assertThat(pipeline.sources()).as(file.toString()).isNotEmpty();
            assertThat(pipeline.sinks())
                    .extracting(SinkConfig::bucket)
                    .as(file.toString())
                    .containsOnly(environment.get("TRIBUTARY_LAKE_BUCKET"));
            assertThat(pipeline.state().table()).isEqualTo(environment.get("TRIBUTARY_STATE_TABLE"));
            assertThat(pipeline.catalog().database()).isEqualTo(environment.get("TRIBUTARY_GLUE_DATABASE"));
        }
    }

    @Test
    void shouldFitTheSeedPipelineToTheTemplatesDefaults() throws IOException {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Path seed = Repository.root().resolve("infra/pipelines/pagila.yaml");
        PipelineConfig pipeline = PipelineParser.parse(Files.readString(seed), seed.toString(), environment());
        String prefix = String.valueOf(template.parameter("TopicNamePrefix").orElseThrow());
        String topicsDir = String.valueOf(template.parameter("TopicsDir").orElseThrow());
        String deadLetterPrefix =
                String.valueOf(template.parameter("DeadLetterPrefix").orElseThrow());

        for (SourceConfig source : pipeline.sources()) {
            List<String> topics = source.isQuery()
                    ? List.of(source.topic().orElseThrow())
                    : source.tables().stream()
                            .map(t -> source.topicPrefix() + t.substring(t.indexOf('.') + 1))
                            .toList();
            assertThat(topics).as("topics of source %s", source.name()).allMatch(t -> t.startsWith(prefix));
        }
        assertThat(pipeline.kafka().deadLetterTopic())
                .isEqualTo(template.parameter("DeadLetterTopic").orElseThrow());
        @SuppressWarnings("unchecked")
        List<String> sinkTopics =
                (List<String>) template.parameter("SinkTopics").orElseThrow();
        for (String topic : sinkTopics) {
            assertThat(pipeline.sinksFor(topic))
                    .as("sinks of %s", topic)
                    .isNotEmpty()
                    .allSatisfy(sink -> {
                        assertThat(sink.topicsDir()).isEqualTo(topicsDir);
                        assertThat(sink.deadLetterPrefix()).isEqualTo(deadLetterPrefix);
                    });
        }
    }

    @Test
    void shouldRunTheSeedsKafkaConnectConnectorsWithTheTemplatesEnvironment() {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, String> environment = environment();
        PipelineConfig pipeline = PipelineLoader.load(
                Repository.root().resolve("infra/pipelines/connect").toString(), null, environment);
        String prefix = String.valueOf(template.parameter("TopicNamePrefix").orElseThrow());

        assertThat(pipeline.sources())
                .extracting(SourceConfig::name)
                .containsExactly("pagila.public.alt.", "pagila.public.", "pagila.query");
        assertThat(pipeline.sources())
                .allSatisfy(
                        source -> assertThat(source.isQuery() ? source.topic().orElseThrow() : source.topicPrefix())
                                .startsWith(prefix));
        assertThat(pipeline.database().secretId())
                .as("the template's secret replaces the connectors' password")
                .contains(environment.get("TRIBUTARY_DB_SECRET_ID"));
        assertThat(pipeline.database().password()).isEmpty();
        assertThat(pipeline.kafka().bootstrapServers()).isNotEmpty();
        @SuppressWarnings("unchecked")
        List<String> sinkTopics =
                (List<String>) template.parameter("SinkTopics").orElseThrow();
        assertThat(sinkTopics)
                .allSatisfy(
                        topic -> assertThat(pipeline.sinksFor(topic)).as(topic).isNotEmpty());
    }

    /** The functions' environment as the template sets it, with a deployment's parameter values. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment() {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, Object> poller = (Map<String, Object>) template.evaluate(template.properties("PollerFunction"));
        Map<String, String> environment = new HashMap<>();
        ((Map<String, Object>) ((Map<String, Object>) poller.get("Environment")).get("Variables"))
                .forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    private static List<Path> pipelines() throws IOException {
        try (Stream<Path> files = Files.list(Repository.root().resolve("infra/pipelines"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
