package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deletes captured without logical replication, on a real PostgreSQL and Kafka: from the delete log that
 * infra/sql/install.sql keeps, and from a soft-delete column. Each delete becomes a delete record (the key columns and
 * __deleted true, header tributary.op d) and a tombstone with the same key.
 */
class DeleteCaptureTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("deletes");

    @BeforeAll
    static void install() throws Exception {
        local.execute(Files.readString(Path.of("../infra/sql/install.sql")));
    }

    private static void table(String name) throws SQLException {
        local.execute(
                "CREATE TABLE " + name + " (id int PRIMARY KEY, name text NOT NULL, deleted_at timestamptz)",
                "SELECT tributary.track_changes('" + name + "')",
                "INSERT INTO " + name + " (id, name) SELECT g, 'row ' || g FROM generate_series(1, 10) g");
    }

    private Poller logSource(String table, String records) throws SQLException {
        return local.start(local.pipeline("""
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log, records: %3$s}
                """.formatted(table, local.topicPrefix, records)));
    }

    private List<Consumed> deletes(String topic) {
        return local.read(topic).stream()
                .filter(r -> "d".equals(r.headers().get("tributary.op")))
                .toList();
    }

    /** The delete records on a topic after a first poll, a change that deletes rows, and a second poll. */
    private List<Consumed> deletesAfter(Poller poller, String topic, String change) throws SQLException {
        LocalPipeline.pollOnce(poller);
        local.execute(change);
        LocalPipeline.pollOnce(poller);
        return deletes(local.topicPrefix + topic);
    }

    private static long logEntries(String table) throws SQLException {
        try (Connection connection = local.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM tributary.delete_log WHERE relation = '" + table + "'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldProduceADeleteRecordAndATombstoneForEachDeletedRowAndPruneTheLog() throws Exception {
        table("logged");
        local.execute("SELECT tributary.capture_deletes('logged')");
        Poller poller = logSource("logged", "marker+tombstone");
        LocalPipeline.pollOnce(poller);

        local.execute("DELETE FROM logged WHERE id IN (3, 4)");
        assertThat(logEntries("logged")).isEqualTo(2);
        PollResponse response = LocalPipeline.pollOnce(poller);

        List<Consumed> deletes = deletes(local.topicPrefix + "logged");
        assertThat(deletes).hasSize(4);
        Consumed marker = deletes.get(0);
        assertThat(marker.payload().get("id").asInt()).isEqualTo(3);
        assertThat(marker.payload().get("__deleted").asBoolean()).isTrue();
        assertThat(marker.payload().has("name"))
                .as("a log entry holds the key columns only")
                .isFalse();
        assertThat(marker.keyPayload().get("id").asInt()).isEqualTo(3);
        assertThat(marker.headers()).containsKey("tributary.change-time");
        Consumed tombstone = deletes.get(1);
        assertThat(tombstone.value())
                .as("the tombstone after the delete record")
                .isNull();
        assertThat(tombstone.keyPayload().get("id").asInt()).isEqualTo(3);
        assertThat(deletes.get(2).payload().get("id").asInt()).isEqualTo(4);
        assertThat(response.sources().get(0).relations())
                .extracting(RelationSummary::relation)
                .containsExactly("public.logged", "deletes of public.logged");
        assertThat(logEntries("logged"))
                .as("entries the only reader has passed are pruned")
                .isZero();

        // Deleted and inserted again before the next poll: the row is current again, no delete goes out.
        local.execute("DELETE FROM logged WHERE id = 5", "INSERT INTO logged (id, name) VALUES (5, 'again')");
        LocalPipeline.pollOnce(poller);
        assertThat(deletes(local.topicPrefix + "logged")).hasSize(4);
        assertThat(local.read(local.topicPrefix + "logged"))
                .anyMatch(r -> r.value() != null
                        && "again".equals(r.payload().path("name").asText()));

        // TRUNCATE: every key is logged before the rows go. (The entry of the earlier delete of 5, held back while
        // the key existed again, goes out too: an older delete, before the row's re-insert.)
        local.execute("TRUNCATE logged");
        LocalPipeline.pollOnce(poller);
        assertThat(deletes(local.topicPrefix + "logged").stream()
                        .filter(r -> r.value() != null)
                        .map(r -> r.payload().get("id").asInt())
                        .distinct()
                        .toList())
                .containsExactlyInAnyOrder(3, 4, 1, 2, 5, 6, 7, 8, 9, 10);
        assertThat(logEntries("logged")).isZero();
    }

    @Test
    void shouldKeepEntriesAnotherReaderHasNotReadYet() throws Exception {
        table("shared");
        local.execute("SELECT tributary.capture_deletes('shared')");
        Poller first = logSource("shared", "marker");
        Poller second = local.start(local.pipeline("""
                  - name: shared-too
                    tables: shared
                    topic-prefix: %stoo.
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log, records: tombstone}
                """.formatted(local.topicPrefix)));
        local.execute("DELETE FROM shared WHERE id = 7");

        LocalPipeline.pollOnce(first);
        assertThat(logEntries("shared"))
                .as("the second source registered at start-up and has not read")
                .isEqualTo(1);
        LocalPipeline.pollOnce(second);
        assertThat(logEntries("shared")).isZero();

        assertThat(deletes(local.topicPrefix + "shared"))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.payload().get("__deleted").asBoolean()).isTrue());
        assertThat(deletes(local.topicPrefix + "too.shared"))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void shouldProduceASoftDeletedRowAsADeleteWithAllItsColumns() throws Exception {
        table("soft");
        Poller poller = local.start(local.pipeline("""
                  - name: soft
                    tables: soft
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: soft, soft-column: deleted_at}
                """.formatted(local.topicPrefix)));
        LocalPipeline.pollOnce(poller);
        assertThat(deletes(local.topicPrefix + "soft")).isEmpty();

        local.execute("UPDATE soft SET deleted_at = now() WHERE id = 2");
        LocalPipeline.pollOnce(poller);

        List<Consumed> deletes = deletes(local.topicPrefix + "soft");
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0).payload().get("name").asText()).isEqualTo("row 2");
        assertThat(deletes.get(0).payload().get("__deleted").asBoolean()).isTrue();
        assertThat(deletes.get(1).value()).isNull();
        assertThat(local.read(local.topicPrefix + "soft").stream()
                        .filter(r -> r.value() != null)
                        .filter(r -> r.payload().has("__deleted"))
                        .count())
                .as("only deletes carry the marker")
                .isEqualTo(1);
    }

    @Test
    void shouldRemoveTheQueryRowsOfADeletedRowThroughTheKeyMap() throws Exception {
        local.execute(
                "CREATE TABLE parent (parent_id int PRIMARY KEY, label text)",
                "SELECT tributary.track_changes('parent')",
                "INSERT INTO parent (parent_id, label) SELECT g, 'p' || g FROM generate_series(1, 5) g",
                "SELECT tributary.capture_deletes('parent')");
        Poller poller = local.start(local.pipeline("""
                  - name: joined
                    query: SELECT p.parent_id AS id, p.label, p.last_update FROM parent p
                    topic: %sjoined
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log, table: parent, key-map: ["id:parent_id"]}
                    transforms:
                      - {type: ValueToKey, fields: id}
                """.formatted(local.topicPrefix)));
        List<Consumed> deletes = deletesAfter(poller, "joined", "DELETE FROM parent WHERE parent_id = 4");
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0).payload().get("id").asInt()).isEqualTo(4);
        assertThat(deletes.get(1).keyPayload().get("id").asInt())
                .as("the tombstone's key, made by the transforms")
                .isEqualTo(4);
    }

    @Test
    void shouldProduceTheDeletesAgainAfterACrashBeforeTheMarkAndResurrectNothing() throws Exception {
        table("crashed");
        local.execute("SELECT tributary.capture_deletes('crashed')");
        RecordingStateStore store = new RecordingStateStore(local.store());
        String sources = """
                  - name: crashed
                    tables: crashed
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log}
                """.formatted(local.topicPrefix);
        Poller poller = local.start(local.pipeline(sources), store);
        LocalPipeline.pollOnce(poller);
        local.execute("DELETE FROM crashed WHERE id IN (1, 2)");

        // The deletes reach Kafka, then the process dies before their mark is written.
        store.failWrite(1);
        PollResponse crashed = LocalPipeline.pollOnce(poller);
        assertThat(crashed.sources().get(0).error()).contains("Simulated crash");
        assertThat(logEntries("crashed"))
                .as("nothing pruned past an unwritten mark")
                .isEqualTo(2);
        Poller restarted = local.start(local.pipeline(sources), store);
        LocalPipeline.pollOnce(restarted);

        List<Consumed> records = local.read(local.topicPrefix + "crashed");
        assertThat(deletes(local.topicPrefix + "crashed").stream()
                        .filter(r -> r.value() != null)
                        .map(r -> r.payload().get("id").asInt())
                        .toList())
                .as("delivered again, at least once")
                .containsExactly(1, 2, 1, 2);
        assertThat(records.subList(records.size() - 4, records.size()))
                .as("no upsert after the deletes")
                .allMatch(r -> "d".equals(r.headers().get("tributary.op")));
        assertThat(logEntries("crashed")).isZero();
    }

    @Test
    void shouldProduceSoftDeletedRowsOfAQueryAsDeletesThroughItsTransforms() throws Exception {
        table("softq");
        Poller poller = local.start(local.pipeline("""
                  - name: softq
                    query: SELECT s.id AS item_id, s.name, s.deleted_at, s.last_update FROM softq s
                    topic: %ssoftq
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: soft, soft-column: deleted_at}
                    transforms:
                      - {type: ValueToKey, fields: item_id}
                """.formatted(local.topicPrefix)));
        List<Consumed> deletes = deletesAfter(poller, "softq", "UPDATE softq SET deleted_at = now() WHERE id = 6");
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0).keyPayload().get("item_id").asInt()).isEqualTo(6);
        assertThat(deletes.get(1).value()).isNull();
        assertThat(deletes.get(1).keyPayload().get("item_id").asInt()).isEqualTo(6);
    }

    @Test
    void shouldRefuseToStartWhenTheTablesDeletesAreNotLogged() throws Exception {
        table("unlogged");
        assertThatThrownBy(() -> logSource("unlogged", "marker"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SELECT tributary.capture_deletes('public.unlogged')");
        assertThatThrownBy(() -> local.start(local.pipeline("""
                  - name: bad-soft
                    tables: unlogged
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: soft, soft-column: deleted_at, soft-value: yesterday-ish}
                """.formatted(local.topicPrefix))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("yesterday-ish")
                .hasMessageContaining("timestamptz");
    }
}
