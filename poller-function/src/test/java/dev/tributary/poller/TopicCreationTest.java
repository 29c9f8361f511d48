package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineParser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicCreationTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "topics", "CREATE TABLE items (id int PRIMARY KEY)", "INSERT INTO items VALUES (1), (2)");

    @Test
    void shouldNameAMissingTopicThatItMayNotCreateAndKeepTheMark() throws Exception {
        String sources = """
                  - name: items
                    tables: items
                    topic-prefix: %s
                    mode: incrementing
                """.formatted(local.topicPrefix);
        Poller poller = local.start(
                PipelineParser.parse(local.header("", "  create-topics: false\n") + sources, "p.yaml", Map.of()));

        PollResponse response = LocalPipeline.pollOnce(poller);

        assertThat(response.sources().get(0).error())
                .isEqualTo(
                        "Cannot produce to topic " + local.topicPrefix
                                + "items because it does not exist and kafka.create-topics is false; create it, or allow the poller to");
        assertThat(local.store().readMark("items", "public.items")).isEmpty();
    }
}
