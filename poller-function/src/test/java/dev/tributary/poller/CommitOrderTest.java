package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka Connect's timestamp mode skips a row stamped before its last poll but committed after it. These tests
 * commit out of order around a poll and check that the guard keeps every row, and that without it the row is
 * indeed lost (so the test can tell the difference).
 */
class CommitOrderTest {

    private static LocalPipeline local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.empty("order");
        local.execute(
                "CREATE TABLE guarded (id serial PRIMARY KEY, note text, last_update timestamptz NOT NULL"
                        + " DEFAULT now())",
                "CREATE TABLE unguarded (LIKE guarded INCLUDING ALL)",
                "CREATE TABLE sequenced (LIKE guarded INCLUDING ALL)",
                "CREATE TABLE sequenced_unguarded (LIKE guarded INCLUDING ALL)");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldNotLoseRowsCommittedOutOfOrder() throws Exception {
        Poller poller = local.start(pipeline("guarded", "writers"));
        List<Integer> delivered = interleave(poller, "guarded");

        assertThat(delivered).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void shouldLoseTheLateRowWithoutTheGuardAsKafkaConnectDoes() throws Exception {
        Poller poller = local.start(pipeline("unguarded", "none"));
        List<Integer> delivered = interleave(poller, "unguarded");

        assertThat(delivered).containsExactly(2);
    }

    @Test
    void shouldNotLoseIdsCommittedOutOfOrderInIncrementingMode() throws Exception {
        Poller poller = local.start(incrementing("sequenced", "writers"));
        List<Integer> delivered = interleave(poller, "sequenced");

        assertThat(delivered).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void shouldLoseTheSmallerLateIdWithoutTheGuardAsKafkaConnectDoes() throws Exception {
        Poller poller = local.start(incrementing("sequenced_unguarded", "none"));
        List<Integer> delivered = interleave(poller, "sequenced_unguarded");

        assertThat(delivered).containsExactly(2);
    }

    /** T1 begins and inserts; T2 begins later, inserts and commits; poll; T1 commits; poll. */
    private static List<Integer> interleave(Poller poller, String table) throws Exception {
        try (Connection t1 = local.connect();
                Connection t2 = local.connect()) {
            t1.setAutoCommit(false);
            t2.setAutoCommit(false);
            try (Statement s1 = t1.createStatement();
                    Statement s2 = t2.createStatement()) {
                s1.execute("INSERT INTO " + table + " (id, note) VALUES (1, 'T1, committed last')");
                s2.execute("SELECT pg_sleep(0.01)");
                s2.execute("INSERT INTO " + table + " (id, note) VALUES (2, 'T2, committed first')");
                t2.commit();
                LocalPipeline.pollOnce(poller);
                t1.commit();
            }
        }
        LocalPipeline.pollOnce(poller);
        List<Consumed> records = local.read(local.topicPrefix + table);
        return LocalPipeline.ints(records, "id");
    }

    private static PipelineConfig incrementing(String table, String guard) {
        return local.pipeline("  in-flight-guard: " + guard + "\n", """
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: incrementing
                    incrementing-column: id
                """.formatted(table, local.topicPrefix));
    }

    private static PipelineConfig pipeline(String table, String guard) {
        return local.pipeline("  in-flight-guard: " + guard + "\n", """
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: timestamp
                    timestamp-columns: last_update
                """.formatted(table, local.topicPrefix));
    }
}
