package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.capture.Watermark;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailureAndConcurrencyTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass(
            "failures",
            "CREATE TABLE crashy (id serial PRIMARY KEY, last_update timestamptz NOT NULL DEFAULT now())",
            "INSERT INTO crashy SELECT FROM generate_series(1, 250)",
            "CREATE TABLE busy (id serial PRIMARY KEY, last_update timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE idle (id serial PRIMARY KEY, last_update timestamptz NOT NULL DEFAULT now())",
            "INSERT INTO idle SELECT FROM generate_series(1, 10)");

    @Test
    void shouldRedeliverABatchWhoseMarkWasNotWrittenAndLoseNothing() throws Exception {
        PipelineConfig pipeline = pipeline("crashy", 100);
        RecordingStateStore store = new RecordingStateStore(local.store());
        store.failWrite(2);
        Poller crashing = local.start(pipeline, store);

        PollResponse crashed = LocalPipeline.pollOnce(crashing);

        assertThat(crashed.sources().get(0).error()).contains("Simulated crash");
        int deliveredBeforeTheCrash = local.read(local.topicPrefix + "crashy").size();
        assertThat(deliveredBeforeTheCrash)
                .as("batches sent before the mark failed")
                .isGreaterThanOrEqualTo(200);

        PollResponse next = LocalPipeline.pollOnce(local.start(pipeline));

        assertThat(next.rows()).as("everything after the last mark written").isEqualTo(150);
        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + "crashy"), "id");
        assertThat(ids).containsAll(range(1, 250));
        assertThat(ids.subList(deliveredBeforeTheCrash, ids.size())).isEqualTo(range(101, 250));
    }

    @Test
    void shouldLetOnlyOneOfTwoOverlappingInvocationsOwnASourceAndNeverRegressItsMark() throws Exception {
        PipelineConfig pipeline = pipeline("busy", 200);
        List<Watermark> marks = Collections.synchronizedList(new ArrayList<>());
        Poller first = local.start(pipeline, new RecordingStateStore(local.store(), marks));
        Poller second = local.start(pipeline, new RecordingStateStore(local.store(), marks));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection connection = local.connect();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO busy DEFAULT VALUES")) {
                // A bounded stream of single-row transactions while both invocations run.
                while (writing.get() && inserted.get() < 3000) {
                    insert.executeUpdate();
                    inserted.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        Instant budgetEnd = Instant.now().plusSeconds(4);
        CompletableFuture<PollResponse> a = CompletableFuture.supplyAsync(() -> invoke(first, go, budgetEnd));
        CompletableFuture<PollResponse> b = CompletableFuture.supplyAsync(() -> invoke(second, go, budgetEnd));
        go.countDown();
        List<PollResponse> responses = List.of(a.join(), b.join());
        writing.set(false);
        writer.join();

        LocalPipeline.pollOnce(first);

        assertThat(responses)
                .as(responses.toString())
                .filteredOn(r -> r.sources().get(0).skippedBecauseLeased() != null)
                .hasSize(1);
        List<Integer> ids = LocalPipeline.ints(local.read(local.topicPrefix + "busy"), "id");
        assertThat(ids).containsAll(range(1, inserted.get())).doesNotHaveDuplicates();
        for (int i = 1; i < marks.size(); i++) {
            assertThat(compare(marks.get(i), marks.get(i - 1)))
                    .as("mark %s after %s", marks.get(i), marks.get(i - 1))
                    .isPositive();
        }
    }

    @Test
    void shouldPollASourceWhoseHolderCrashedOnceItsLeaseRanOut() throws Exception {
        local.execute(
                "CREATE TABLE orphaned (id serial PRIMARY KEY, last_update timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO orphaned SELECT FROM generate_series(1, 20)");
        PipelineConfig pipeline = pipeline("orphaned", 100);
        Duration lease = Duration.ofSeconds(1);
        // An invocation that took the lease and was killed: it never renews it, nor gives it up.
        Instant crashedAt = Instant.now();
        assertThat(local.store()
                        .acquireLease("orphaned", "killed-invocation", crashedAt, crashedAt.plus(lease))
                        .acquired())
                .isTrue();
        Poller next = local.start(pipeline, local.store(), lease);

        assertThat(LocalPipeline.pollOnce(next).sources().get(0).skippedBecauseLeased())
                .as("while the crashed invocation's lease lasts")
                .startsWith("killed-invocation");
        PollResponse after = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> LocalPipeline.pollOnce(next),
                        r -> r.sources().get(0).skippedBecauseLeased() == null);

        assertThat(Duration.between(crashedAt, Instant.now())).isLessThan(lease.plusSeconds(5));
        assertThat(after.rows()).isEqualTo(20);
    }

    @Test
    void shouldKeepItsLeaseForAsLongAsItPollsAlthoughThatOutlastsTheLeaseDuration() throws Exception {
        local.execute("CREATE TABLE kept (id serial PRIMARY KEY, last_update timestamptz NOT NULL DEFAULT now())");
        PipelineConfig pipeline = pipeline("kept", 100);
        Duration lease = Duration.ofMillis(600);
        Poller longRunning = local.start(pipeline, local.store(), lease);
        Poller other = local.start(pipeline, local.store(), lease);
        CompletableFuture<PollResponse> running = CompletableFuture.supplyAsync(() -> longRunning.poll(
                new PollRequest(null, null, null, List.of(), null, false, false),
                "long-running",
                Instant.now().plusSeconds(4)));
        Instant started = Instant.now();
        Instant firstExpiry = await().atMost(Duration.ofSeconds(10))
                .until(() -> heldUntil("kept"), Optional::isPresent)
                .orElseThrow();
        assertThat(firstExpiry)
                .as("a lease lasts one lease duration")
                .isBeforeOrEqualTo(Instant.now().plus(lease));
        // Renewed until it reaches three lease durations beyond the start: no single lease lasts that long.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> heldUntil("kept")
                        .filter(until -> until.isAfter(started.plus(lease.multipliedBy(3))))
                        .isPresent());

        PollResponse meanwhile = LocalPipeline.pollOnce(other);

        assertThat(meanwhile.sources().get(0).skippedBecauseLeased())
                .as("three lease durations into the poll")
                .startsWith("long-running");
        assertThat(running.join().sources().get(0).error()).isNull();
        assertThat(LocalPipeline.pollOnce(other).sources().get(0).skippedBecauseLeased())
                .as("once the long poll ended and gave its lease up")
                .isNull();
    }

    @Test
    void shouldAnswerByItsDeadlineWhenKafkaIsDownAndLoseNothing() throws Exception {
        local.execute(
                "CREATE TABLE unacknowledged (id serial PRIMARY KEY, last_update timestamptz NOT NULL"
                        + " DEFAULT now())",
                "INSERT INTO unacknowledged SELECT FROM generate_series(1, 30)");
        PipelineConfig pipeline = pipeline("unacknowledged", 100);
        Poller poller = local.start(pipeline);
        assertThat(LocalPipeline.pollOnce(poller).rows()).isEqualTo(30);
        local.execute("INSERT INTO unacknowledged SELECT FROM generate_series(1, 20)");
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> local.stack.restartKafka(true));
        String[] broker = local.stack.kafka().bootstrapServers().split(":");
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(broker[0], Integer.parseInt(broker[1])));
        PollResponse whileDown;
        Instant begin = Instant.now();
        Duration took;
        try {
            // The broker is down from the first moment of the restart; the invocation must answer in 3 s.
            whileDown = poller.poll(
                    new PollRequest(null, null, null, List.of(), null, false, true),
                    UUID.randomUUID().toString(),
                    Instant.now().plusSeconds(60),
                    Instant.now().plusSeconds(3));
            // The broker's restart, awaited below, is not the invocation's time.
            took = Duration.between(begin, Instant.now());
        } finally {
            restart.join();
        }

        assertThat(took)
                .as("answered by the deadline, not the delivery timeout")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(whileDown.sources().get(0).error()).contains("Cannot deliver a batch to Kafka");
        PollResponse after = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> LocalPipeline.pollOnce(poller),
                        r -> r.sources().get(0).error() == null);
        assertThat(after.rows()).as("the batch read again").isEqualTo(20);
        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "unacknowledged"), "id"))
                .containsAll(range(1, 50));
    }

    @Test
    void shouldReconnectWhenTheDatabaseDroppedTheConnectionWhileTheFunctionWasIdle() throws Exception {
        Poller poller = local.start(pipeline("idle", 100));
        assertThat(LocalPipeline.pollOnce(poller).rows()).isEqualTo(10);
        // What a frozen container or a SnapStart restore finds: the server closed the session meanwhile.
        local.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                "INSERT INTO idle SELECT FROM generate_series(1, 5)");

        PollResponse next = LocalPipeline.pollOnce(poller);

        assertThat(next.sources().get(0).error()).isNull();
        assertThat(next.rows()).isEqualTo(5);
        assertThat(LocalPipeline.ints(local.read(local.topicPrefix + "idle"), "id"))
                .isEqualTo(range(1, 15));
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** When another invocation's lease of the source expires, if one holds it. */
    private static Optional<Instant> heldUntil(String source) {
        return local.store()
                .acquireLease(source, "probe", Instant.now(), Instant.now())
                .heldUntil();
    }

    private static PollResponse invoke(Poller poller, CountDownLatch go, Instant budgetEnd) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return poller.poll(
                new PollRequest(null, null, null, List.of(), null, false, false),
                UUID.randomUUID().toString(),
                budgetEnd);
    }

    private static int compare(Watermark a, Watermark b) {
        int byTime = PgTimestamps.instant(a.first(), ZoneOffset.UTC)
                .orElseThrow()
                .compareTo(PgTimestamps.instant(b.first(), ZoneOffset.UTC).orElseThrow());
        return byTime != 0
                ? byTime
                : Integer.compare(
                        Integer.parseInt(a.values().get(1)),
                        Integer.parseInt(b.values().get(1)));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }

    private static PipelineConfig pipeline(String table, int batch) {
        return local.pipeline("""
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: timestamp
                    timestamp-columns: last_update
                    batch-max-rows: %3$d
                    poll-interval: 200ms
                """.formatted(table, local.topicPrefix, batch));
    }
}
