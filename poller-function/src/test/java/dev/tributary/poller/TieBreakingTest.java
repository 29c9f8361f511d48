package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batches end between rows with one change time without losing or repeating any of them. */
class TieBreakingTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "ties",
            "CREATE TABLE tied (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
            "INSERT INTO tied SELECT g, '2026-11-25 10:00:00.123456+00' FROM generate_series(1, 1000) g",
            "CREATE TABLE tied_untracked (id int, last_update timestamptz NOT NULL)",
            "INSERT INTO tied_untracked SELECT g, '2026-11-25 10:00:00.123456+00' FROM generate_series(1, 1000) g",
            "INSERT INTO tied_untracked SELECT g, '2026-11-25 10:00:01+00' FROM generate_series(1001, 1050) g");

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

        SourceSummary first = deliverAll(poller, "tied", 1000);

        assertThat(first.batches()).isEqualTo(10);
        assertThat(first.relations().get(0).markAfter()).isEqualTo("[2026-11-25T10:00:00.123456Z, 1000]");
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

        assertThat(deliverAll(poller, "untracked", 1050).batches()).isEqualTo(2);
    }

    /**
     * Polls twice and checks that the topic then holds each of the relation's rows once: returns the first poll's
     * summary.
     */
    private static SourceSummary deliverAll(Poller poller, String topic, int rows) {
        PollResponse first = LocalPipeline.pollOnce(poller);
        LocalPipeline.pollOnce(poller);

        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + topic), "id");
        assertThat(ids).hasSize(rows).doesNotHaveDuplicates();
        return first.sources().get(0);
    }
}
