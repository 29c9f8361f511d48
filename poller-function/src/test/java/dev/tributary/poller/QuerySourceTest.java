package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Query sources and tables whose columns the database reports in ways that could drop or block rows. */
class QuerySourceTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "queries",
            "CREATE TABLE parent (id int PRIMARY KEY, name text NOT NULL,"
                    + " last_update timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL, note text NOT NULL,"
                    + " created timestamptz NOT NULL DEFAULT now(), changed timestamptz)",
            "INSERT INTO parent (id, name) SELECT g, 'parent ' || g FROM generate_series(1, 5) g",
            "INSERT INTO child (id, parent_id, note) VALUES (1, 1, 'only child')",
            "UPDATE child SET changed = now() + interval '1 microsecond' WHERE id = 1");

    @Test
    void shouldDeliverOuterJoinRowsWhoseNotNullColumnsComeBackNull() throws Exception {
        Poller poller = local.start(local.pipeline("""
                  - name: joined
                    query: |
                      SELECT p.id, p.name, c.note, p.last_update
                      FROM parent p LEFT JOIN child c ON c.parent_id = p.id -- children are optional
                    topic: %sjoined
                    mode: timestamp
                    timestamp-columns: last_update
                    key-columns: id
                """.formatted(local.topicPrefix)));

        PollResponse response = LocalPipeline.pollOnce(poller);

        List<Consumed> records = local.read(local.topicPrefix + "joined");
        assertThat(LocalPipeline.ints(records, "id")).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(records.stream()
                        .filter(r -> r.payload().get("id").asInt() == 2)
                        .findFirst()
                        .orElseThrow()
                        .payload()
                        .get("note")
                        .isNull())
                .isTrue();
        JsonNode note = fieldSchema(records.get(0), "note");
        assertThat(note.get("optional").asBoolean()).isTrue();
        assertThat(response.sources().get(0).error()).isNull();
    }

    @Test
    void shouldTrackSeveralTimestampColumnsWhenOnlyOneIsNotNull() throws Exception {
        Poller poller = local.start(local.pipeline("""
                  - name: children
                    tables: child
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: changed, created
                """.formatted(local.topicPrefix)));

        LocalPipeline.pollOnce(poller);
        local.execute("INSERT INTO child (id, parent_id, note) VALUES (2, 2, 'never changed')");
        LocalPipeline.pollOnce(poller);

        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "child"), "id"))
                .containsExactly(1, 2);
    }

    private static JsonNode fieldSchema(Consumed record, String name) {
        for (JsonNode field : record.value().get("schema").get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + record.value().get("schema"));
    }
}
