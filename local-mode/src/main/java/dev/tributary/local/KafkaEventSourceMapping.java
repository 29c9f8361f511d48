package dev.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.lambda.LambdaInvocationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An MSK event source mapping for the sink function: a consumer group reads the sinks' topics, gathers records
 * into a batch until it holds {@code batchSize} records, its window has passed, or its event would pass Lambda's
 * 6 MB payload limit, invokes the sink with the event MSK sends, and commits the batch's offsets only once the
 * invocation succeeds.
 *
 * <p>Errors are handled as the template configures the mapping on AWS (an on-failure destination, so at most
 * {@value #MAXIMUM_RETRY_ATTEMPTS} retries): a failed batch is read again from its first offsets and retried with
 * backoff; after its last retry it is written to the on-failure directory and skipped. A broker that restarts
 * costs time only: a commit that fails is counted as lost (the batch may then come again, with other boundaries,
 * as the README's redelivery guarantee says), and a consumer that fails is replaced by a new one, which resumes from
 * the committed offsets.
 */
final class KafkaEventSourceMapping implements AutoCloseable {

    static final String GROUP = "tributary-local-sink";
    /** Lambda's limit with an on-failure destination and MaximumRetryAttempts left at -1. */
    static final int MAXIMUM_RETRY_ATTEMPTS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's limit for a synchronous payload is 6 MB; stay clear of it with the event's own JSON. */
    private static final long MAX_EVENT_BYTES = 5_500_000;

    private final LambdaFunction sink;
    private final String bootstrapServers;
    private final Pattern topics;
    private final int batchSize;
    private final Duration window;
    private final Duration firstBackoff;
    private final Path onFailure;
    private final Progress progress;
    private final Thread thread;
    private final ConsumerLag lag;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile String lastError;
    private long invocations;
    private long objects;
    private long lostCommits;
    private long skippedBatches;

    /**
     * @param firstBackoff the wait before a failed batch's first retry; it doubles with each retry, up to 30 s
     * @param onFailure where batches that failed every retry go, as to the mapping's on-failure destination
     */
    KafkaEventSourceMapping(
            LambdaFunction sink,
            String bootstrapServers,
            Pattern topics,
            int batchSize,
            Duration window,
            Duration firstBackoff,
            Path onFailure,
            Progress progress) {
        this.sink = sink;
        this.firstBackoff = firstBackoff;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.batchSize = batchSize;
        this.window = window;
        this.onFailure = onFailure;
        this.progress = progress;
        this.lag = new ConsumerLag(bootstrapServers, GROUP, topics);
        this.thread = new Thread(this::run, "event-source-mapping");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Objects the sink reported writing so far. */
    synchronized long objects() {
        return objects;
    }

    /** Offset commits that failed after the sink had written their batch: those batches may come again. */
    synchronized long lostCommits() {
        return lostCommits;
    }

    /** Batches that failed every retry and went to the on-failure directory. */
    synchronized long skippedBatches() {
        return skippedBatches;
    }

    /**
     * Waits until every record in the sinks' topics has been delivered to the sink successfully.
     *
     * @throws LocalModeException with the sink's last error if that does not happen in time
     */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long behind;
        while ((behind = lag.records()) != 0) {
            if (System.nanoTime() > end) {
                throw new LocalModeException("Cannot finish the step because "
                        + (behind < 0
                                ? "the broker could not tell how many records were not yet written"
                                : behind + " records were not written")
                        + " to the lake within " + timeout.toSeconds() + " s"
                        + (lastError == null ? "" : ": the sink failed with " + lastError) + " (log: "
                        + sink.logFile() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Records the mapping has not yet delivered successfully; -1 while the broker cannot tell. */
    long lag() {
        return lag.records();
    }

    private void run() {
        while (!stopping) {
            try (KafkaConsumer<byte[], byte[]> fresh = newConsumer()) {
                consumer = fresh;
                fresh.subscribe(topics);
                consume(fresh);
            } catch (WakeupException | InterruptException e) {
                // Stopping.
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                lastError = e.toString();
                progress.line("mapping", "the consumer failed; a new one resumes from the committed offsets: " + e);
                if (!pause(Duration.ofSeconds(1))) {
                    return;
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        // Topics the poller creates are picked up within a second.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void consume(KafkaConsumer<byte[], byte[]> consumer) {
        Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
        int failures = 0;
        while (!stopping) {
            List<ConsumerRecord<byte[], byte[]>> batch = gather(consumer, pending);
            if (batch.isEmpty()) {
                continue;
            }
            if (deliver(batch)) {
                commit(consumer, batch);
                failures = 0;
                continue;
            }
            failures++;
            if (failures > MAXIMUM_RETRY_ATTEMPTS) {
                discard(batch);
                commit(consumer, batch);
                failures = 0;
                continue;
            }
            // As MSK does: the batch comes again, from its first records, until it succeeds.
            Map<TopicPartition, Long> first = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
            }
            for (ConsumerRecord<byte[], byte[]> record : pending) {
                first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
            }
            pending.clear();
            first.forEach(consumer::seek);
            if (!pause(Duration.ofMillis(Math.min(30_000L, firstBackoff.toMillis() << Math.min(failures - 1, 6))))) {
                return;
            }
        }
    }

    /** Commits a delivered batch; a commit the broker does not take is counted as lost, not retried forever. */
    private void commit(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            offsets.put(
                    new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(15));
        } catch (CommitFailedException | RetriableException e) {
            synchronized (this) {
                lostCommits++;
            }
            progress.line(
                    "mapping",
                    "could not commit offsets "
                            + offsets.values().stream()
                                    .map(OffsetAndMetadata::offset)
                                    .toList() + " (" + e.getClass().getSimpleName() + "); the batch may"
                            + " be delivered again");
        } catch (KafkaException e) {
            if (e instanceof WakeupException || e instanceof InterruptException) {
                throw e;
            }
            synchronized (this) {
                lostCommits++;
            }
            throw e;
        }
    }

    /** Writes a batch that failed every retry where the on-failure destination would receive it, and moves on. */
    private void discard(List<ConsumerRecord<byte[], byte[]>> batch) {
        ConsumerRecord<byte[], byte[]> first = batch.get(0);
        ObjectNode report = JSON.createObjectNode();
        report.put("requestContext", "local event source mapping " + GROUP);
        report.put("condition", "RetryAttemptsExhausted");
        report.put("approximateInvokeCount", MAXIMUM_RETRY_ATTEMPTS + 1);
        report.put("error", lastError);
        report.put("timestamp", Instant.now().toString());
        report.set("payload", MskEvent.of(batch, bootstrapServers));
        Path file = onFailure.resolve(first.topic() + "-" + first.partition() + "-" + first.offset() + ".json");
        try {
            Files.createDirectories(onFailure);
            Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new LocalModeException("Cannot write the failed batch to " + file + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            skippedBatches++;
        }
        progress.line(
                "mapping",
                String.format(
                        "the batch of %,d records from %s+%d+%d failed %d retries; it went to %s"
                                + " and the mapping moved on",
                        batch.size(), first.topic(), first.partition(), first.offset(), MAXIMUM_RETRY_ATTEMPTS, file));
    }

    /** Records for the next event: up to the batch size, the window, or the payload limit. */
    private List<ConsumerRecord<byte[], byte[]>> gather(
            KafkaConsumer<byte[], byte[]> consumer, Deque<ConsumerRecord<byte[], byte[]>> pending) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        long bytes = 0;
        long windowEnd = 0;
        while (!stopping) {
            while (!pending.isEmpty() && batch.size() < batchSize) {
                long size = MskEvent.encodedSize(pending.peekFirst());
                if (!batch.isEmpty() && bytes + size > MAX_EVENT_BYTES) {
                    return batch;
                }
                batch.add(pending.pollFirst());
                bytes += size;
            }
            if (batch.size() >= batchSize) {
                return batch;
            }
            if (!batch.isEmpty() && windowEnd == 0) {
                windowEnd = System.nanoTime() + window.toNanos();
            }
            long wait = batch.isEmpty() ? 500 : Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000);
            if (!batch.isEmpty() && wait == 0) {
                return batch;
            }
            consumer.poll(Duration.ofMillis(wait)).forEach(pending::add);
            if (pending.isEmpty() && batch.isEmpty()) {
                return batch;
            }
        }
        return batch;
    }

    private boolean deliver(List<ConsumerRecord<byte[], byte[]>> batch) {
        try {
            JsonNode response = JSON.readTree(
                    sink.invoke(MskEvent.of(batch, bootstrapServers).toString()));
            int written = response.path("objects").size();
            synchronized (this) {
                invocations++;
                objects += written;
            }
            lastError = null;
            int deadLettered = response.path("deadLettered").asInt();
            int noSink = response.path("noSink").asInt();
            String deadLetters = (deadLettered > 0 ? ", " + deadLettered + " to dead letters" : "")
                    + (noSink > 0 ? ", " + noSink + " of topics no sink takes to dead letters (no-sink)" : "");
            progress.line("sink", String.format("%,d records -> %d objects%s", batch.size(), written, deadLetters));
            return true;
        } catch (LambdaInvocationException e) {
            lastError = e.errorType() + ": " + PollerSchedule.firstLine(e.getMessage());
            progress.line("sink", "invocation failed, the batch will be retried: " + lastError);
            return false;
        } catch (IOException e) {
            lastError = e.toString();
            progress.line("sink", "unreadable response, the batch will be retried: " + e.getMessage());
            return false;
        }
    }

    /** Waits, unless stopping; returns whether to go on. */
    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stopping = true;
        // Wakes the consumer rather than interrupting the thread, so that it leaves its group cleanly.
        KafkaConsumer<byte[], byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        try {
            thread.join(2_000);
            if (thread.isAlive()) {
                // Waiting out a retry's backoff, or an invocation.
                thread.interrupt();
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lag.close();
    }
}
