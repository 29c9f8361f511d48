package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure.Kind;
import java.time.Duration;

/**
 * The acknowledgements of one batch's records. Sends count up, Kafka's callbacks count down; {@link #await} returns
 * once every record is on all in-sync replicas, or throws if any was refused. Lets the poller read the next batch
 * while this one is still in flight, and move the mark only once it has landed.
 */
public final class Acknowledgements {

    private long pending;
    private long acknowledged;
    private Exception failure;

    synchronized void sent() {
        pending++;
    }

    synchronized void completed(Exception error) {
        pending--;
        if (error != null) {
            if (failure == null) {
                failure = error;
            }
        } else {
            acknowledged++;
        }
        if (pending == 0) {
            notifyAll();
        }
    }

    /**
     * Waits for every record sent in this batch.
     *
     * @return how many were acknowledged
     * @throws DeliveryException if any was not, or they did not all complete within {@code timeout}
     */
    public synchronized long await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DeliveryException(
                        Kind.RETRIABLE,
                        "Cannot deliver a batch to Kafka because " + pending
                                + " records were not acknowledged within " + Math.max(0, timeout.toSeconds())
                                + " s; the high-water mark"
                                + " stays",
                        null);
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException(
                        Kind.RETRIABLE, "Interrupted while waiting for Kafka's acknowledgements", e);
            }
        }
        if (failure != null) {
            throw new DeliveryException(
                    KafkaFailures.kind(failure),
                    "Cannot deliver a batch to Kafka because "
                            + failure.getMessage() + KafkaFailures.advice(failure)
                            + "; the high-water mark stays, and the"
                            + " batch will be read again",
                    failure);
        }
        return acknowledged;
    }
}
