package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kafka Connect's timestamp mode skips a row stamped before its last poll but committed after it. These tests
 * commit out of order around a poll and check that the guard keeps every row, and that without it the row is
 * indeed lost (so the test can tell the difference).
 */
class CommitOrderTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "order",
            "CREATE TABLE guarded (id serial PRIMARY KEY, note text, last_update timestamptz NOT NULL"
                    + " DEFAULT now())",
            "CREATE TABLE unguarded (LIKE guarded INCLUDING ALL)",
            "CREATE TABLE sequenced (LIKE guarded INCLUDING ALL)",
            "CREATE TABLE sequenced_unguarded (LIKE guarded INCLUDING ALL)");

    @ParameterizedTest(name = "{0} in mode {1}, in-flight-guard {2}")
    @CsvSource({
        "guarded, timestamp, writers, '1,2'",
        "sequenced, incrementing, writers, '1,2'",
        // Kafka Connect's behaviour, so that the test can tell the difference: the row committed late is lost.
        "unguarded, timestamp, none, '2'",
        "sequenced_unguarded, incrementing, none, '2'"
    })
    void shouldKeepRowsCommittedOutOfOrderOnlyWithTheGuard(String table, String mode, String guard, String expected)
            throws Exception {
        Poller poller = local.start(pipeline(table, mode, guard));
        List<Integer> delivered = interleave(poller, table);

        assertThat(delivered)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(expected.split(",")).map(Integer::valueOf).toList());
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

    private static PipelineConfig pipeline(String table, String mode, String guard) {
        String order = mode.equals("timestamp") ? "timestamp-columns: last_update" : "incrementing-column: id";
        return local.pipeline(
                "  in-flight-guard: " + guard + "\n", """
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: %3$s
                    %4$s
                """.formatted(table, local.topicPrefix, mode, order));
    }
}
