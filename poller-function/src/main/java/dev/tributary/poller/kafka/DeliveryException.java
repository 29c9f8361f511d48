package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure;

/**
 * Kafka did not acknowledge every record of a batch (or a topic could not be made ready). The batch's high-water
 * mark has not moved, so the next poll re-reads the batch.
 */
public class DeliveryException extends PipelineFailure {

    private static final long serialVersionUID = 1L;

    public DeliveryException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
