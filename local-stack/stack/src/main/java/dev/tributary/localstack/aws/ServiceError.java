package dev.tributary.localstack.aws;

/**
 * An error in the AWS JSON protocol's wire format: the {@code __type} the AWS SDK maps to its modeled exception,
 * the HTTP status, and a message worded as the service words it. Services add their own types by subclassing.
 */
public class ServiceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    public ServiceError(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public static ServiceError serialization(String message) {
        return new ServiceError("SerializationException", 400, message);
    }

    public static ServiceError unknownOperation(String message) {
        return new ServiceError("UnknownOperationException", 400, message);
    }

    public static ServiceError missingAuthentication(String message) {
        return new ServiceError("MissingAuthenticationTokenException", 403, message);
    }

    public static ServiceError unrecognizedClient(String message) {
        return new ServiceError("UnrecognizedClientException", 400, message);
    }
}
