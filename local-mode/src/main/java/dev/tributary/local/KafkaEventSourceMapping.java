package dev.tributary.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.lambda.LambdaInvocationException;

/**
 * An MSK event source mapping for the sink function: a consumer group reads the sinks' topics, gathers records
 * into a batch until it holds {@code batchSize} records, its window has passed, or its event would pass Lambda's
 * 6 MB payload limit, invokes the sink with the event MSK sends, and commits the batch's offsets only once the
 * invocation succeeds. A failed batch is read again from its first offsets and retried with backoff.
 */
final class KafkaEventSourceMapping implements AutoCloseable {

    static final String GROUP = "tributary-local-sink";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's limit for a synchronous payload is 6 MB; stay clear of it with the event's own JSON. */
    private static final long MAX_EVENT_BYTES = 5_500_000;

    private final LambdaFunction sink;
    private final String bootstrapServers;
    private final Pattern topics;
    private final int batchSize;
    private final Duration window;
    private final Progress progress;
    private final Thread thread;
    private final Admin admin;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile String lastError;
    private long invocations;
    private long objects;

    KafkaEventSourceMapping(LambdaFunction sink, String bootstrapServers, Pattern topics, int batchSize,
            Duration window, Progress progress) {
        this.sink = sink;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.batchSize = batchSize;
        this.window = window;
        this.progress = progress;
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(adminProps);
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

    /** Records in the sinks' topics that the mapping has not yet delivered successfully. */
    long lag() {
        try {
            Set<String> names = admin.listTopics().names().get().stream().filter(t -> topics.matcher(t).matches())
                    .collect(Collectors.toSet());
            if (names.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get().forEach((name, description) -> description
                    .partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalModeException("Interrupted while reading the mapping's lag", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LocalModeException("Cannot read the event source mapping's lag: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Waits until every record in the sinks' topics has been delivered to the sink successfully.
     *
     * @throws LocalModeException with the sink's last error if that does not happen in time
     */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long lag;
        while ((lag = lag()) > 0) {
            if (System.nanoTime() > end) {
                throw new LocalModeException("Cannot finish the step because " + lag + " records were not written"
                        + " to the lake within " + timeout.toSeconds() + " s" + (lastError == null ? ""
                        : ": the sink failed with " + lastError) + " (log: " + sink.logFile() + ")");
            }
            Thread.sleep(100);
        }
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        // Topics the poller creates are picked up within a second.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            this.consumer = consumer;
            consumer.subscribe(topics);
            Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
            int failures = 0;
            while (!stopping) {
                List<ConsumerRecord<byte[], byte[]>> batch = gather(consumer, pending);
                if (batch.isEmpty()) {
                    continue;
                }
                if (deliver(batch)) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        offsets.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                    }
                    consumer.commitSync(offsets);
                    failures = 0;
                } else {
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
                    failures++;
                    Thread.sleep(Math.min(30_000L, 500L << Math.min(failures, 6)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // Stopping.
        } catch (RuntimeException e) {
            if (!stopping) {
                lastError = e.toString();
                progress.line("mapping", "stopped: " + e);
            }
        }
    }

    /** Records for the next event: up to the batch size, the window, or the payload limit. */
    private List<ConsumerRecord<byte[], byte[]>> gather(KafkaConsumer<byte[], byte[]> consumer,
            Deque<ConsumerRecord<byte[], byte[]>> pending) {
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
            JsonNode response = JSON.readTree(sink.invoke(MskEvent.of(batch, bootstrapServers).toString()));
            int written = response.path("objects").size();
            synchronized (this) {
                invocations++;
                objects += written;
            }
            lastError = null;
            String deadLetters = response.path("deadLettered").asInt() > 0
                    ? ", " + response.path("deadLettered").asInt() + " to dead letters" : "";
            progress.line("sink", String.format("%,d records -> %d objects%s", batch.size(), written, deadLetters));
            return true;
        } catch (LambdaInvocationException e) {
            lastError = e.errorType() + ": " + PollerSchedule.firstLine(e.getMessage());
            progress.line("sink", "invocation failed, the batch will be retried: " + lastError);
            return false;
        } catch (java.io.IOException e) {
            lastError = e.toString();
            progress.line("sink", "unreadable response, the batch will be retried: " + e.getMessage());
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
                // Waiting out a retry's backoff.
                thread.interrupt();
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
