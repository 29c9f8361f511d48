package dev.tributary.poller.kafka;

/**
 * Kafka did not acknowledge every record of a batch (or a topic could not be made ready). The batch's high-water
 * mark has not moved, so the next poll re-reads the batch. {@link #retriable()} tells whether waiting can help.
 */
public class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public DeliveryException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
