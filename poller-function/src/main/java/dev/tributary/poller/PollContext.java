package dev.tributary.poller;

import dev.tributary.poller.capture.UpperBoundReader;
import dev.tributary.poller.kafka.AsyncSender;
import dev.tributary.poller.kafka.RecordProducer;
import dev.tributary.poller.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executor;

/**
 * What every relation's poll shares within a poller.
 *
 * @param producer Kafka producer
 * @param sender hands records to the producer on its own thread
 * @param store high-water marks and leases
 * @param markWriter writes marks in the background, one at a time
 * @param bounds the safe upper bound
 * @param deadLetterTopic where rows that cannot become records go
 * @param fetchSize rows per round trip
 * @param zone the database time zone
 * @param deadline when the invocation must have answered: no wait for Kafka's acknowledgements outlasts it
 */
record PollContext(
        RecordProducer producer,
        AsyncSender sender,
        StateStore store,
        Executor markWriter,
        UpperBoundReader bounds,
        String deadLetterTopic,
        int fetchSize,
        ZoneId zone,
        Instant deadline) {

    /** How long to wait for a batch's acknowledgements: the producer's limit, or until the deadline if sooner. */
    Duration ackTimeout() {
        Duration untilDeadline = Duration.between(Instant.now(), deadline);
        Duration delivery = producer.deliveryTimeout();
        return untilDeadline.compareTo(delivery) < 0 ? untilDeadline : delivery;
    }
}
