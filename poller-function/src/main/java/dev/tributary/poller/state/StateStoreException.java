package dev.tributary.poller.state;

/**
 * The state store could not be read or written. {@link #retriable()} says whether trying again later can help
 * (throttling, a service error) or not (a missing table, denied access).
 */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public StateStoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
