package dev.tributary.catalog.glue;

import dev.tributary.core.failure.PipelineFailure;

/** The catalog (Glue, or the lake's objects it reads) could not be read or changed. */
public class CatalogException extends PipelineFailure {

    private static final long serialVersionUID = 1L;

    public CatalogException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
