package dev.tributary.local;

/** Local mode cannot go on: the message says what failed and why, for the person at the terminal. */
public final class LocalModeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalModeException(String message) {
        super(message);
    }

    public LocalModeException(String message, Throwable cause) {
        super(message, cause);
    }
}
