package dev.tributary.core.failure;

import java.util.Objects;

/**
 * A call to something outside the function (S3, DynamoDB, Glue, Kafka, PostgreSQL, Secrets Manager) that failed,
 * classified once, where it was caught, as {@linkplain Kind#RETRIABLE retriable} or {@linkplain Kind#PERMANENT
 * permanent}. Handlers act on the kind ({@link Retries}): a retriable failure is tried again while the invocation
 * has time, then fails the invocation so that its trigger delivers it again; a permanent one fails it at once, with
 * a message that says what to change.
 *
 * <p>Subclasses name where a failure happened (storage, catalog, state store, delivery); the kind lives here only.
 */
public class PipelineFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether trying the same work again can succeed. */
    public enum Kind {
        /** Throttling, a server error, a timeout, a dropped connection, a concurrent change: it may pass. */
        RETRIABLE,
        /** Access denied, a missing bucket, table or database, invalid input: someone must change something. */
        PERMANENT
    }

    private final Kind kind;

    public PipelineFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static PipelineFailure retriable(String message, Throwable cause) {
        return new PipelineFailure(Kind.RETRIABLE, message, cause);
    }

    public static PipelineFailure permanent(String message, Throwable cause) {
        return new PipelineFailure(Kind.PERMANENT, message, cause);
    }

    public final Kind kind() {
        return kind;
    }

    public final boolean retriable() {
        return kind == Kind.RETRIABLE;
    }
}
