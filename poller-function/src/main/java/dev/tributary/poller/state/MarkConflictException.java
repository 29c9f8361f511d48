package dev.tributary.poller.state;

/**
 * A high-water mark changed since it was read: another invocation moved it (after this one's lease expired), so
 * this one must stop polling the source rather than overwrite it.
 */
public class MarkConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MarkConflictException(String message) {
        super(message);
    }
}
