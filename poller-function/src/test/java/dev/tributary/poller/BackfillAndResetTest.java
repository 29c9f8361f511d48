package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.PipelineConfig;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackfillAndResetTest {

    private static LocalPipeline local;
    private static Poller poller;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.empty("backfill");
        local.execute(
                "CREATE TABLE events (id int PRIMARY KEY, last_update timestamptz NOT NULL)",
                "INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 day'"
                        + " FROM generate_series(1, 60) g");
        PipelineConfig pipeline = local.pipeline("""
                  - name: events
                    tables: events
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    batch-max-rows: 8
                  - name: late-start
                    tables: events
                    topic-prefix: %slate.
                    mode: timestamp
                    timestamp-columns: last_update
                    initial-timestamp: 2026-02-25T00:00:00Z
                """.formatted(local.topicPrefix, local.topicPrefix));
        poller = local.start(pipeline);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldReReadARangeWithoutMovingTheLiveMark() {
        LocalPipeline.pollOnce(poller, "events");
        String markBefore = LocalPipeline.pollOnce(poller, "events")
                .sources()
                .get(0)
                .relations()
                .get(0)
                .markAfter();

        PollResponse backfill = poller.poll(
                new PollRequest(
                        null,
                        null,
                        null,
                        List.of("events"),
                        new PollRequest.Backfill("2026-01-10T00:00:00Z", "2026-01-20T00:00:00+00:00"),
                        false,
                        false),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(30));

        assertThat(backfill.trigger()).isEqualTo("backfill");
        assertThat(backfill.rows()).isEqualTo(10);
        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + "events"), "id");
        assertThat(ids.subList(60, 70)).containsExactly(9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(LocalPipeline.pollOnce(poller, "events")
                        .sources()
                        .get(0)
                        .relations()
                        .get(0)
                        .markAfter())
                .isEqualTo(markBefore);
    }

    @Test
    void shouldStartFromTheInitialTimestampAndStartAgainAfterAReset() {
        PollResponse first = LocalPipeline.pollOnce(poller, "late-start");
        PollResponse reset = poller.poll(
                new PollRequest(null, null, null, List.of("late-start"), null, true, true),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(30));

        assertThat(first.rows()).isEqualTo(6);
        assertThat(reset.trigger()).isEqualTo("reset");
        assertThat(reset.rows()).isEqualTo(6);
        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "late.events"), "id"))
                .containsExactly(55, 56, 57, 58, 59, 60, 55, 56, 57, 58, 59, 60);
    }

    @Test
    void shouldRefuseAnUnknownSourceName() {
        assertThatThrownBy(() -> LocalPipeline.pollOnce(poller, "evnts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot poll source 'evnts' because no source has that name; the sources are"
                        + " [events, late-start]");
    }
}
