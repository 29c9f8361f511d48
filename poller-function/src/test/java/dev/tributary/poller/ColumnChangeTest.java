package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.config.ConfigException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALTER TABLE while the poller runs: records follow the relation's columns as they are at each read, as Kafka
 * Connect's JDBC source does, and no value is ever read from a column's old position.
 */
class ColumnChangeTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("columns");

    @Test
    void shouldCarryAColumnAddedWhileThePollerRuns() throws Exception {
        local.execute(
                "CREATE TABLE added (id int PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL)",
                "INSERT INTO added VALUES (1, 'one', '2026-11-25 10:00:00+00')");
        Poller poller = local.start(local.pipeline(local.timestampSource("added", "")));
        // Enough polls for a driver to switch to a server-prepared statement, whose cached plan ALTER TABLE breaks.
        for (int poll = 0; poll < 8; poll++) {
            LocalPipeline.pollOnce(poller);
        }

        local.execute(
                "ALTER TABLE added ADD COLUMN code varchar(8)",
                "INSERT INTO added VALUES (2, 'two', '2026-11-25 10:00:01+00', 'B2')");
        PollResponse response = LocalPipeline.pollOnce(poller);

        List<LocalPipeline.Consumed> records = local.read(local.topicPrefix + "added");
        assertThat(response.sources().get(0).error()).isNull();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).payload().has("code")).isFalse();
        assertThat(records.get(1).payload().get("code").asText()).isEqualTo("B2");
        assertThat(fieldNames(records.get(1).value().get("schema")))
                .containsExactly("id", "name", "last_update", "code");
        // The new columns are kept for the container's later invocations, not found anew each time.
        local.execute("INSERT INTO added VALUES (3, 'three', '2026-11-25 10:00:02+00', 'C3')");
        LocalPipeline.pollOnce(poller);
        assertThat(local.read(local.topicPrefix + "added")).hasSize(3);
    }

    @Test
    void shouldNotReadValuesFromTheOldPositionsOfColumnsAfterOneIsDropped() throws Exception {
        local.execute(
                "CREATE TABLE dropped (id int PRIMARY KEY, note text, amount int NOT NULL,"
                        + " last_update timestamptz NOT NULL)",
                "INSERT INTO dropped VALUES (1, 'n', 10, '2026-11-25 10:00:00+00')");
        Poller poller = local.start(local.pipeline(local.timestampSource("dropped", "")));
        LocalPipeline.pollOnce(poller);

        local.execute(
                "ALTER TABLE dropped DROP COLUMN note",
                "ALTER TABLE dropped ALTER COLUMN amount TYPE bigint",
                "INSERT INTO dropped VALUES (2, 20000000000, '2026-11-25 10:00:01+00')");
        PollResponse response = LocalPipeline.pollOnce(poller);

        List<LocalPipeline.Consumed> records = local.read(local.topicPrefix + "dropped");
        assertThat(response.sources().get(0).error()).isNull();
        assertThat(records).hasSize(2);
        JsonNode second = records.get(1).payload();
        assertThat(second.has("note")).isFalse();
        assertThat(second.get("amount").asLong()).isEqualTo(20_000_000_000L);
        assertThat(second.get("last_update").asText()).isEqualTo("2026-11-25T10:00:01Z");
        assertThat(response.sources().get(0).relations().get(0).markAfter()).contains("2026-11-25T10:00:01Z");
    }

    @Test
    void shouldCarryAColumnAddedBeforeABackfillAsPollingDoes() throws Exception {
        local.execute(
                "CREATE TABLE refilled (id int PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL)",
                "INSERT INTO refilled VALUES (1, 'one', '2026-11-25 10:00:00+00')");
        Poller poller = local.start(local.pipeline(local.timestampSource("refilled", "")));
        LocalPipeline.pollOnce(poller);

        local.execute(
                "ALTER TABLE refilled ADD COLUMN code varchar(8)",
                "INSERT INTO refilled VALUES (2, 'two', '2026-11-25 10:00:01+00', 'B2')");
        PollResponse response =
                LocalPipeline.backfill(poller, "refilled", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z");

        List<LocalPipeline.Consumed> records = local.read(local.topicPrefix + "refilled");
        assertThat(response.sources().get(0).error()).isNull();
        assertThat(response.rows()).isEqualTo(2);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).payload().get("code").isNull()).isTrue();
        assertThat(records.get(2).payload().get("code").asText()).isEqualTo("B2");
        assertThat(fieldNames(records.get(1).value().get("schema")))
                .containsExactly("id", "name", "last_update", "code");
    }

    @Test
    void shouldSayWhyABackfillCannotGoOnWhenTheChangedColumnsCannotBeCaptured() throws Exception {
        local.execute(
                "CREATE TABLE retyped (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
                "INSERT INTO retyped VALUES (1, '2026-11-25 10:00:00+00')");
        Poller poller = local.start(local.pipeline("""
                  - name: retyped
                    tables: retyped
                    topic-prefix: %s
                    mode: timestamp+incrementing
                    timestamp-columns: last_update
                    incrementing-column: id
                """.formatted(local.topicPrefix)));
        LocalPipeline.pollOnce(poller);

        local.execute("ALTER TABLE retyped ALTER COLUMN id TYPE text");

        assertThatThrownBy(
                        () -> LocalPipeline.backfill(poller, "retyped", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"))
                .hasMessageStartingWith("Cannot go on reading retyped public.retyped because its columns changed")
                .hasMessageContaining("as incrementing-column because its type is text")
                .hasCauseInstanceOf(ConfigException.class);
    }

    private static List<String> fieldNames(JsonNode schema) {
        return StreamSupport.stream(schema.get("fields").spliterator(), false)
                .map(f -> f.get("field").asText())
                .toList();
    }
}
