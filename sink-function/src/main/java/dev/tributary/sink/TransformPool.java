package dev.tributary.sink;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.transform.TransformChain;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink's transforms, one chain per worker at a time: Kafka's transforms are written for a Connect task's single
 * thread, and some keep state that is not thread-safe (TimestampConverter's SimpleDateFormat), so chunks transformed
 * in parallel must not share a chain. Chains are reused across chunks and batches.
 */
final class TransformPool implements AutoCloseable {

    private final SinkConfig sink;
    private final boolean empty;
    private final Queue<TransformChain<SinkRecord>> idle = new ConcurrentLinkedQueue<>();
    private final Queue<TransformChain<SinkRecord>> all = new ConcurrentLinkedQueue<>();

    /** @throws ConfigException if the transforms are invalid: the first chain is made at once to find out */
    TransformPool(SinkConfig sink) {
        this.sink = sink;
        TransformChain<SinkRecord> first = TransformChain.of(sink.transforms());
        this.empty = first.isEmpty();
        all.add(first);
        idle.add(first);
    }

    boolean isEmpty() {
        return empty;
    }

    /** A chain no other thread uses until it is released. */
    TransformChain<SinkRecord> borrow() {
        TransformChain<SinkRecord> chain = idle.poll();
        if (chain == null) {
            chain = TransformChain.of(sink.transforms());
            all.add(chain);
        }
        return chain;
    }

    void release(TransformChain<SinkRecord> chain) {
        idle.add(chain);
    }

    /** How many chains were made: one per worker that transformed at the same time as another. */
    int size() {
        return all.size();
    }

    @Override
    public void close() {
        all.forEach(TransformChain::close);
    }
}
