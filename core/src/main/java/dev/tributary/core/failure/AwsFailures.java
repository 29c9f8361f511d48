package dev.tributary.core.failure;

import dev.tributary.core.failure.PipelineFailure.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a failed AWS call (S3, DynamoDB, Glue, Secrets Manager) is classified, once, for every function: what the
 * service may answer differently next time is retriable, what needs someone to change a permission, a resource or
 * the request is permanent. The SDK has already retried the call itself by then.
 */
public final class AwsFailures {

    /** Error codes that may pass although the SDK does not call them throttling and their status is below 500. */
    private static final Set<String> PASSING_CODES = Set.of(
            "RequestTimeout",
            "RequestTimeoutException",
            "ConcurrentModificationException",
            "TransactionConflictException",
            "OperationTimeoutException",
            "InternalServiceException",
            "InternalFailure",
            "ServiceUnavailable",
            "SlowDown",
            "ExpiredToken",
            "ExpiredTokenException",
            "RequestExpired",
            "IDPCommunicationError",
            "PriorRequestNotComplete");

    private AwsFailures() {}

    /** Whether the same call can succeed later. */
    public static Kind kind(SdkException e) {
        if (e instanceof AwsServiceException service) {
            boolean passing = service.isThrottlingException()
                    || service.isClockSkewException()
                    || service.statusCode() >= 500
                    || PASSING_CODES.contains(code(service));
            return passing ? Kind.RETRIABLE : Kind.PERMANENT;
        }
        if (e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException
                || e.retryable()
                || causedByIo(e)) {
            return Kind.RETRIABLE;
        }
        // A client that could not even send the call: no credentials, no region, a request it cannot build.
        return e instanceof SdkClientException ? Kind.PERMANENT : Kind.RETRIABLE;
    }

    /**
     * Whether an error code that a batch call reports for one of its entries (Glue's BatchCreatePartition, say) may
     * pass.
     */
    public static Kind kindOfCode(String code) {
        return PASSING_CODES.contains(code) || code.contains("Throttl") ? Kind.RETRIABLE : Kind.PERMANENT;
    }

    /** The service's answer in one line, {@code AccessDenied (403): Access Denied}, or the client's message. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String message = service.awsErrorDetails() == null
                            || service.awsErrorDetails().errorMessage() == null
                    ? service.getMessage()
                    : service.awsErrorDetails().errorMessage();
            return code(service) + " (" + service.statusCode() + "): " + message;
        }
        return e.getMessage();
    }

    /** The service's error code, such as {@code AccessDenied}; empty if the answer had none. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? ""
                : e.awsErrorDetails().errorCode();
    }

    /** Whether the service said that the caller may not do this (an IAM, bucket or key policy matter). */
    public static boolean accessDenied(SdkException e) {
        return e instanceof AwsServiceException service
                && (service.statusCode() == 403
                        || code(service).startsWith("AccessDenied")
                        || code(service).equals("UnauthorizedOperation"));
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
