package dev.tributary.localstack.glue;

/**
 * An error in Glue's wire format: the {@code __type} the AWS SDK maps to its modeled exception, and a message
 * worded as Glue words it.
 */
final class GlueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    private GlueException(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static GlueException entityNotFound(String message) {
        return new GlueException("EntityNotFoundException", 400, message);
    }

    static GlueException alreadyExists(String message) {
        return new GlueException("AlreadyExistsException", 400, message);
    }

    static GlueException invalidInput(String message) {
        return new GlueException("InvalidInputException", 400, message);
    }

    /** A request that breaks the API model's constraints (required member, length, pattern). */
    static GlueException validation(String message) {
        return new GlueException("ValidationException", 400, message);
    }

    static GlueException concurrentModification(String message) {
        return new GlueException("ConcurrentModificationException", 400, message);
    }

    static GlueException serialization(String message) {
        return new GlueException("SerializationException", 400, message);
    }

    static GlueException unknownOperation(String message) {
        return new GlueException("UnknownOperationException", 400, message);
    }

    static GlueException missingAuthentication(String message) {
        return new GlueException("MissingAuthenticationTokenException", 403, message);
    }

    static GlueException unrecognizedClient(String message) {
        return new GlueException("UnrecognizedClientException", 400, message);
    }

    static GlueException internal(String message) {
        return new GlueException("InternalServiceException", 500, message);
    }
}
