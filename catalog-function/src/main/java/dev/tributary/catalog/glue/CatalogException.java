package dev.tributary.catalog.glue;

/**
 * The catalog could not be read or changed. {@link #retriable()} says whether another attempt can help (throttling,
 * a concurrent change, a service error) or not (access denied, invalid input).
 */
public class CatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public CatalogException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
