package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.kafka.Acknowledgements;
import dev.tributary.poller.state.MarkConflictException;
import dev.tributary.poller.state.StoredMark;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A relation's mark: loaded, moved by a background chain of conditional writes, settled, on real DynamoDB. */
class MarkChainTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("marks");

    @Test
    void shouldWriteTheMarksInOrderInTheBackgroundAndSettleOnTheLast() throws Exception {
        table("chained");
        try (RelationFixture relation = RelationFixture.of(local, local.timestampSource("chained", ""))) {
            MarkChain mark = new MarkChain(relation.context, null);
            assertThat(mark.load(relation.connection, relation.target)).isEmpty();

            mark.advance(relation.target, batch(relation, "2026-11-25 10:00:00+00", "1"));
            mark.advance(relation.target, batch(relation, "2026-11-25 10:00:01+00", "2"));
            mark.settle();

            assertThat(mark.mark()).map(StoredMark::version).contains(2L);
            assertThat(stored(relation)).contains(List.of("2026-11-25 10:00:01+00", "2"));
            assertThat(mark.before()).isNull();
        }
    }

    @Test
    void shouldSurfaceAConflictingWriteWhenSettlingAndReadTheStoredMarkOnTheNextLoad() throws Exception {
        table("contended");
        try (RelationFixture relation = RelationFixture.of(local, local.timestampSource("contended", ""))) {
            MarkChain mark = new MarkChain(relation.context, null);
            mark.load(relation.connection, relation.target);
            // Another invocation moved the mark meanwhile.
            Watermark theirs = watermark(relation, "2026-11-25 11:00:00+00", "9");
            local.store().writeMark(relation.target.source().name(), relation.target.markKey(), theirs, 0);

            mark.advance(relation.target, batch(relation, "2026-11-25 10:00:00+00", "1"));

            assertThatThrownBy(mark::settle).isInstanceOf(MarkConflictException.class);
            mark.settleAfterFailure();
            assertThat(mark.load(relation.connection, relation.target))
                    .map(m -> m.watermark().values())
                    .contains(theirs.values());
        }
    }

    @Test
    void shouldStartJustBeforeTheInitialTimestampWhenThereIsNoMark() throws Exception {
        table("late");
        try (RelationFixture relation =
                RelationFixture.of(local, local.timestampSource("late", "initial-timestamp: 2026-11-25T10:00:00Z"))) {
            MarkChain mark = new MarkChain(relation.context, null);

            Optional<StoredMark> start = mark.load(relation.connection, relation.target);

            assertThat(start).map(StoredMark::version).contains(1L);
            assertThat(PgTimestamps.instant(start.orElseThrow().watermark().first(), relation.context.zone()))
                    .contains(Instant.parse("2026-11-25T09:59:59.999999Z"));
            assertThat(stored(relation)).contains(start.get().watermark().values());
        }
    }

    private static Optional<List<String>> stored(RelationFixture relation) {
        return local.store()
                .readMark(relation.target.source().name(), relation.target.markKey())
                .map(m -> m.watermark().values());
    }

    private static Batch batch(RelationFixture relation, String time, String id) {
        BatchCounts counts = new BatchCounts();
        counts.read = 1;
        return new Batch(counts, watermark(relation, time, id), new Acknowledgements(), 0, List.of());
    }

    private static Watermark watermark(RelationFixture relation, String time, String id) {
        return new Watermark(relation.target.spec().orderColumnNames(), List.of(time, id));
    }

    private static void table(String name) throws Exception {
        local.execute("CREATE TABLE " + name + " (id int PRIMARY KEY, last_update timestamptz NOT NULL)");
    }
}
