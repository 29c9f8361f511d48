package dev.tributary.poller.state;

import dev.tributary.core.failure.PipelineFailure;

/** The state store (high-water marks and leases) could not be read or written. */
public class StateStoreException extends PipelineFailure {

    private static final long serialVersionUID = 1L;

    public StateStoreException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
