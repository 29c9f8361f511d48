package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.CaptureQueries;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import dev.tributary.poller.capture.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading one batch: rows become records or dead letters, each counted, and a change of columns is noticed. */
class BatchReaderTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("reader");

    @Test
    void shouldCountWhatBecameOfEachRowAndSendARowNoRecordCanHoldToTheDeadLetterTopic() throws Exception {
        local.execute(
                "CREATE TABLE days (id int PRIMARY KEY, day date NOT NULL, last_update timestamptz NOT NULL)",
                "INSERT INTO days VALUES (1, '2026-11-25', '2026-11-25 10:00:00+00'),"
                        + " (2, 'infinity', '2026-11-25 10:00:01+00'), (3, '2026-11-26', '2026-11-25 10:00:02+00')");
        try (RelationFixture relation = RelationFixture.of(local, local.timestampSource("days", ""))) {
            BatchReader reader = reader(relation);

            Batch batch = reader.read(relation.connection, everyRow(relation));
            batch.acks().await(Duration.ofSeconds(30));

            assertThat(batch.counts().read).isEqualTo(3);
            assertThat(batch.counts().produced).isEqualTo(2);
            assertThat(batch.counts().deadLettered).isEqualTo(1);
            assertThat(batch.counts().filtered).isZero();
            assertThat(batch.counts().bytes).isPositive();
            assertThat(batch.last().values()).last().isEqualTo("3");
        }
        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "days"), "id"))
                .containsExactly(1, 3);
        List<LocalPipeline.Consumed> dead = local.read(local.topicPrefix + "dead-letter");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers().get("tributary.error.reason")).contains("infinity");
    }

    @Test
    void shouldSayTheColumnsChangedWhenTheResultNoLongerHasThoseItWasResolvedWith() throws Exception {
        local.execute(
                "CREATE TABLE grown (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
                "INSERT INTO grown VALUES (1, '2026-11-25 10:00:00+00')");
        try (RelationFixture relation = RelationFixture.of(local, local.timestampSource("grown", ""))) {
            BatchReader reader = reader(relation);
            local.execute("ALTER TABLE grown ADD COLUMN code text");

            assertThatThrownBy(() -> reader.read(relation.connection, everyRow(relation)))
                    .isInstanceOf(BatchReader.ColumnsChanged.class);
        }
    }

    private static BatchReader reader(RelationFixture relation) {
        return new BatchReader(
                relation.target, TransformChain.of(relation.target.source().transforms()), relation.context, false);
    }

    private static Statement everyRow(RelationFixture relation) {
        return CaptureQueries.nextBatch(relation.target.spec(), Optional.empty(), Bounds.none());
    }
}
