package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure.Kind;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;

/**
 * Hands encoded records to the Kafka producer on a second thread. The producer's append (framing, partitioning and
 * compression) costs about as much as reading and encoding a row, so the poller's thread reads and encodes while
 * this one sends. Records go in chunks, with a bounded number of chunks in flight, so memory stays bounded. Not
 * thread-safe on the calling side: one poller thread uses it.
 */
public final class AsyncSender implements AutoCloseable {

    private static final int CHUNK = 256;
    private static final int CHUNKS_IN_FLIGHT = 16;

    private final RecordProducer producer;
    private final ExecutorService worker;
    private final Semaphore slots = new Semaphore(CHUNKS_IN_FLIGHT);
    private Chunk chunk = new Chunk();
    private long submitted;
    private long processed;
    private volatile RuntimeException failure;

    public AsyncSender(RecordProducer producer) {
        this.producer = producer;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tributary-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a record; it is sent, in order, on the sender thread. */
    public void send(String topic, byte[] key, byte[] value, Headers headers, Acknowledgements batch) {
        chunk.add(topic, key, value, headers, batch);
        if (chunk.size == CHUNK) {
            submit();
        }
    }

    /**
     * Ends a batch: queues its last records and returns a ticket that {@link #awaitHandedOver} takes.
     */
    public long endBatch() {
        submit();
        return submitted;
    }

    /**
     * Waits until the records queued before {@code ticket} have been handed to the producer, so that their batch's
     * acknowledgements can be awaited. Records queued later may still be waiting: they do not hold it up. The wait
     * is bounded: the producer's append blocks while Kafka is unreachable (up to max.block.ms), and the invocation
     * must still answer by its deadline.
     *
     * @throws DeliveryException if handing a record over failed (a topic that cannot be created, for instance), or
     *     did not end within {@code timeout} (retriable: the batch's mark does not move)
     */
    public void awaitHandedOver(long ticket, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (this) {
            while (processed < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeliveryException(
                            Kind.RETRIABLE,
                            "Cannot deliver a batch to Kafka because its records were not handed to the producer"
                                    + " within " + Math.max(0, timeout.toMillis()) + " ms (Kafka unreachable?);"
                                    + " the high-water mark stays, and the batch will be read again",
                            null);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeliveryException(Kind.RETRIABLE, "Interrupted while handing records to Kafka", e);
                }
            }
        }
        RuntimeException error = failure;
        if (error != null) {
            failure = null;
            throw error;
        }
    }

    private void submit() {
        if (chunk.size == 0) {
            return;
        }
        Chunk full = chunk;
        chunk = new Chunk();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, "Interrupted while handing records to Kafka", e);
        }
        submitted++;
        worker.execute(() -> {
            try {
                if (failure == null) {
                    full.sendTo(producer);
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                slots.release();
                synchronized (this) {
                    processed++;
                    notifyAll();
                }
            }
        });
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Chunk {
        final String[] topics = new String[CHUNK];
        final byte[][] keys = new byte[CHUNK][];
        final byte[][] values = new byte[CHUNK][];
        final Headers[] headers = new Headers[CHUNK];
        final Acknowledgements[] batches = new Acknowledgements[CHUNK];
        int size;

        void add(String topic, byte[] key, byte[] value, Headers header, Acknowledgements batch) {
            topics[size] = topic;
            keys[size] = key;
            values[size] = value;
            headers[size] = header;
            batches[size] = batch;
            size++;
        }

        void sendTo(RecordProducer producer) {
            for (int i = 0; i < size; i++) {
                producer.send(topics[i], keys[i], values[i], headers[i], batches[i]);
            }
        }
    }
}
