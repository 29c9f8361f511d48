package dev.tributary.localstack.glue;

import dev.tributary.localstack.aws.ServiceError;

/**
 * An error in Glue's wire format: the {@code __type} the AWS SDK maps to its modeled exception, and a message
 * worded as Glue words it.
 */
final class GlueException extends ServiceError {

    private static final long serialVersionUID = 1L;

    private GlueException(String type, int status, String message) {
        super(type, status, message);
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

    static GlueException internal(String message) {
        return new GlueException("InternalServiceException", 500, message);
    }
}
