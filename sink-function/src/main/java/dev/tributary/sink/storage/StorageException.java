package dev.tributary.sink.storage;

import dev.tributary.core.failure.PipelineFailure;

/**
 * An object could not be written. The invocation fails, so the event source mapping delivers the batch again;
 * objects already written are overwritten with the same content then, and none is ever partial.
 */
public class StorageException extends PipelineFailure {

    private static final long serialVersionUID = 1L;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
