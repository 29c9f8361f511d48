package dev.tributary.sink.storage;

/**
 * An object could not be written. The invocation fails, so the event source mapping delivers the batch again;
 * objects already written are overwritten with the same content then, and none is ever partial.
 * {@link #retriable()} tells whether waiting can help (throttling, a server error) or not (access denied, no bucket).
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public StorageException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
