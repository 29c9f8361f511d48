package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.poller.LocalPipeline.Consumed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A source's key-format and value-format decide the bytes on its topics, with or without transforms. */
class RecordFormatsTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "formats",
            "CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL)",
            "INSERT INTO item (name) VALUES ('a'), ('b')");

    @Test
    void shouldWriteKeysAndValuesInTheSourcesFormats() throws Exception {
        Poller poller = local.start(local.pipeline("""
                  - name: bare
                    tables: item
                    topic-prefix: %1$sbare.
                    mode: incrementing
                    record-key: none
                    value-format: json
                  - name: keyed
                    tables: item
                    topic-prefix: %1$skeyed.
                    mode: incrementing
                    record-key: none
                    key-format: string
                    value-format: json
                    transforms:
                      - type: ValueToKey
                        fields: id
                      - type: ExtractField$Key
                        field: id
                """.formatted(local.topicPrefix)));

        LocalPipeline.pollOnce(poller);

        List<Consumed> bare = local.read(local.topicPrefix + "bare.item");
        assertThat(bare)
                .extracting(c -> c.value().toString())
                .containsExactly("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}");
        assertThat(bare).allMatch(c -> c.key() == null);
        List<Consumed> keyed = local.read(local.topicPrefix + "keyed.item");
        assertThat(keyed)
                .extracting(c -> c.key().toString())
                .as("StringConverter's \"1\"")
                .containsExactly("1", "2");
        assertThat(keyed)
                .extracting(c -> c.value().toString())
                .containsExactly("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}");
    }
}
