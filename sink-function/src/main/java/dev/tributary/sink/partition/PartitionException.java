package dev.tributary.sink.partition;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record cannot be placed in a partition (a partition field is missing, a time cannot be read). A rejection of
 * one record, not a failure of the call: like Connect's other data errors, it sends the record to the dead letters
 * with this message as its reason, and the batch proceeds.
 */
public class PartitionException extends DataException {

    private static final long serialVersionUID = 1L;

    public PartitionException(String message) {
        super(message);
    }
}
