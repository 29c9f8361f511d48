package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.state.Leases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source's poll-interval holds across scheduled invocations, kept in the state table: a bulk copy once an hour on a
 * one-minute schedule is made once an hour, not on every tick. The ticks are invocations of a real poller against
 * PostgreSQL, Kafka and DynamoDB; only the clock is made up, so that an hour passes at once.
 */
class PollIntervalsTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "intervals",
            "CREATE TABLE countries (id int PRIMARY KEY, name text NOT NULL)",
            "INSERT INTO countries VALUES (1, 'Chad'), (2, 'Peru')");

    @Test
    void shouldPollAnHourlyBulkSourceOnceAcrossSixtyOneMinuteTicks() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        String topic = local.topicPrefix + "hourly";
        PipelineConfig pipeline = bulkSource("hourly", "1h");
        Poller poller = local.start(pipeline, local.store(), Leases.DEFAULT_DURATION, clock);

        List<SourceSummary> ticks = new ArrayList<>();
        for (int minute = 0; minute < 60; minute++) {
            ticks.add(tick(poller));
            clock.advance(Duration.ofMinutes(1));
        }
        SourceSummary afterTheHour = tick(poller);

        assertThat(ticks.stream().mapToInt(SourceSummary::polls).sum())
                .as("polls in the first hour")
                .isEqualTo(1);
        assertThat(ticks.get(0).rows()).isEqualTo(2);
        assertThat(ticks.subList(1, 60))
                .allSatisfy(s -> assertThat(s.notDueUntil()).isEqualTo("2026-12-05T11:00:00Z"));
        assertThat(afterTheHour.polls())
                .as("the first tick an hour after the last poll")
                .isEqualTo(1);
        assertThat(afterTheHour.notDueUntil()).isNull();
        assertThat(local.read(topic + ".countries")).hasSize(4);
    }

    /** Negative control: a manual invoke polls whatever the interval says, and a reset too. */
    @Test
    void shouldPollOnAManualInvokeWhateverTheInterval() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        PipelineConfig pipeline = bulkSource("manual", "1h");
        Poller poller = local.start(pipeline, local.store(), Leases.DEFAULT_DURATION, clock);

        SourceSummary scheduled = tick(poller);
        clock.advance(Duration.ofMinutes(1));
        SourceSummary manual =
                LocalPipeline.pollOnce(poller, "manual").sources().get(0);
        SourceSummary nextTick = tick(poller);

        assertThat(scheduled.polls()).isEqualTo(1);
        assertThat(manual.polls()).isEqualTo(1);
        assertThat(nextTick.polls()).isZero();
        assertThat(nextTick.notDueUntil()).isEqualTo("2026-12-05T11:01:00Z");
    }

    /** A shorter interval than a schedule's minute is not remembered: every tick polls, with no state written. */
    @Test
    void shouldPollASourceWithAShortIntervalOnEveryTick() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        PipelineConfig pipeline = bulkSource("frequent", "30s");
        Poller poller = local.start(pipeline, local.store(), Leases.DEFAULT_DURATION, clock);

        int polls = 0;
        for (int minute = 0; minute < 3; minute++) {
            polls += tick(poller).polls();
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(polls).isEqualTo(3);
        assertThat(local.store().readBlob("frequent", PollIntervals.LAST_POLL)).isEmpty();
    }

    /** A bulk copy of the countries table, to topic {@code <prefix><name>.countries}. */
    private static PipelineConfig bulkSource(String name, String interval) {
        return local.pipeline("""
                  - name: %1$s
                    tables: [public.countries]
                    mode: bulk
                    topic-prefix: %2$s%1$s.
                    poll-interval: %3$s
                """.formatted(name, local.topicPrefix, interval));
    }

    /** One scheduled invocation that polls each source once (its time budget spent after one round). */
    private static SourceSummary tick(Poller poller) {
        PollRequest scheduled = new PollRequest("Scheduled Event", "aws.events", null, List.of(), null, false, true);
        return poller.poll(
                        scheduled, UUID.randomUUID().toString(), Instant.now().plusSeconds(60))
                .sources()
                .get(0);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
