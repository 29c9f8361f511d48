package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one batch loop of live polling and backfill, run directly over a relation of a real database. */
class BatchLoopTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("loop");

    @Test
    void shouldReadABackfillsRangeInBatchesWithoutMovingTheMark() throws Exception {
        table("ranged");
        try (RelationFixture fixture =
                RelationFixture.of(local, local.timestampSource("ranged", "batch-max-rows: 4"))) {
            RelationPoller relation = relation(fixture);
            BatchLoop loop = new BatchLoop(relation, fixture.context);

            loop.run(
                    fixture.connection,
                    BatchLoop.Pass.backfill(
                            new Bounds(Optional.of("2026-01-05 00:00:00+00"), Optional.of("2026-01-15 00:00:00+00"))),
                    Instant.now().plusSeconds(60));

            assertThat(loop.caughtUp()).isTrue();
            assertThat(loop.lagSeconds()).isNull();
            assertThat(relation.rows()).isEqualTo(10);
            assertThat(relation.batches()).isEqualTo(3);
            assertThat(local.store().readMark(fixture.target.source().name(), fixture.target.markKey()))
                    .isEmpty();
        }
        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "ranged"), "id"))
                .containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }

    @Test
    void shouldMoveTheMarkPastEachBatchUpToTheSafeUpperBoundWhenLive() throws Exception {
        table("live");
        try (RelationFixture fixture = RelationFixture.of(local, local.timestampSource("live", "batch-max-rows: 4"))) {
            RelationPoller relation = relation(fixture);

            relation.poll(fixture.connection, Instant.now().plusSeconds(60));

            RelationSummary summary = relation.summary();
            assertThat(summary.caughtUp()).isTrue();
            assertThat(summary.rows()).isEqualTo(30);
            assertThat(summary.batches()).isEqualTo(8);
            assertThat(summary.markAfter()).isEqualTo("[2026-01-30T00:00:00Z, 30]");
            assertThat(local.store().readMark(fixture.target.source().name(), fixture.target.markKey()))
                    .map(m -> m.watermark().toString())
                    .contains(summary.markAfter());
        }
    }

    private static RelationPoller relation(RelationFixture fixture) {
        return new RelationPoller(
                fixture.target, TransformChain.of(fixture.target.source().transforms()), fixture.context);
    }

    /** 30 rows, one a day from 2026-01-01. */
    private static void table(String name) throws Exception {
        local.execute(
                "CREATE TABLE " + name + " (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
                "INSERT INTO " + name + " SELECT g, timestamptz '2025-12-31 00:00:00+00' + g * interval '1 day'"
                        + " FROM generate_series(1, 30) g");
    }
}
