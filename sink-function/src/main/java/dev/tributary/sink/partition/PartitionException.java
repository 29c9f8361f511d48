package dev.tributary.sink.partition;

/** A record cannot be placed in a partition (a partition field is missing, a time cannot be read). */
public class PartitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PartitionException(String message) {
        super(message);
    }
}
