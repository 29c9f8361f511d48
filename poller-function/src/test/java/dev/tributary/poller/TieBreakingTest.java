package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches end between rows with one change time without losing or repeating any of them. */
class TieBreakingTest {

    private static LocalPipeline local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.empty("ties");
        local.execute(
                "CREATE TABLE tied (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
                "INSERT INTO tied SELECT g, '2026-11-25 10:00:00.123456+00' FROM generate_series(1, 1000) g",
                "CREATE TABLE tied_untracked (id int, last_update timestamptz NOT NULL)",
                "INSERT INTO tied_untracked SELECT g, '2026-11-25 10:00:00.123456+00' FROM generate_series(1, 1000) g",
                "INSERT INTO tied_untracked SELECT g, '2026-11-25 10:00:01+00' FROM generate_series(1001, 1050) g");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldDeliverEachOfAThousandRowsWithOneTimestampExactlyOnceInBatchesOfAHundred() throws Exception {
        Poller poller = local.start(local.pipeline("""
                  - name: tied
                    tables: tied
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    batch-max-rows: 100
                """.formatted(local.topicPrefix)));

        PollResponse response = LocalPipeline.pollOnce(poller);
        LocalPipeline.pollOnce(poller);

        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + "tied"), "id");
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
        assertThat(response.sources().get(0).batches()).isEqualTo(10);
        assertThat(response.sources().get(0).relations().get(0).markAfter())
                .isEqualTo("[2026-11-25T10:00:00.123456Z, 1000]");
    }

    @Test
    void shouldTakeAChangeTimeWholeWhenNoColumnTellsItsRowsApart() throws Exception {
        Poller poller = local.start(local.pipeline("""
                  - name: untracked
                    query: SELECT id, last_update FROM tied_untracked
                    topic: %suntracked
                    mode: timestamp
                    timestamp-columns: last_update
                    batch-max-rows: 100
                """.formatted(local.topicPrefix)));

        PollResponse response = LocalPipeline.pollOnce(poller);
        LocalPipeline.pollOnce(poller);

        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + "untracked"), "id");
        assertThat(ids).hasSize(1050).doesNotHaveDuplicates();
        assertThat(response.sources().get(0).batches()).isEqualTo(2);
    }
}
