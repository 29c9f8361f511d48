package dev.tributary.localstack.lambda;

import java.util.List;

/**
 * An invocation that did not return a response: the function reported an error (its {@code errorType},
 * {@code errorMessage} and stack trace, as the runtime interface client posts them), timed out, or its sandbox
 * failed.
 */
public final class LambdaInvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final List<String> stackTrace;

    public LambdaInvocationException(String errorType, String message, List<String> stackTrace) {
        super(message);
        this.errorType = errorType;
        this.stackTrace = List.copyOf(stackTrace);
    }

    /** The error's type, such as the exception class, {@code Sandbox.Timedout} or {@code Runtime.ExitError}. */
    public String errorType() {
        return errorType;
    }

    /** The function's stack trace, when it reported one. */
    public List<String> functionStackTrace() {
        return stackTrace;
    }

    @Override
    public String toString() {
        return errorType + ": " + getMessage();
    }
}
