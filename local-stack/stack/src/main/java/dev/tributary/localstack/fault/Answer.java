package dev.tributary.localstack.fault;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An error answer a fault proxy gives instead of the server, in the server's own protocol, so that the client's SDK
 * reads it exactly as it would read the service's.
 *
 * @param status the HTTP status
 * @param contentType its content type
 * @param body its body
 */
public record Answer(int status, String contentType, String body) {

    /** An S3 error (REST-XML), such as {@code 503 SlowDown} or {@code 500 InternalError}. */
    public static Answer s3(int status, String code, String message) {
        return new Answer(
                status,
                "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>");
    }

    /** A DynamoDB error (JSON 1.0), such as {@code ThrottlingException} or {@code ConditionalCheckFailedException}. */
    public static Answer dynamoDb(int status, String type, String message) {
        return new Answer(
                status,
                "application/x-amz-json-1.0",
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** An error of a JSON 1.1 service such as Glue: {@code InternalServiceException}, {@code ThrottlingException}. */
    public static Answer json(int status, String type, String message) {
        return new Answer(
                status, "application/x-amz-json-1.1", "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    byte[] bytes() {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason() + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + content.length + "\r\nx-amzn-RequestId: " + UUID.randomUUID()
                + "\r\nx-amz-request-id: " + UUID.randomUUID() + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    private String reason() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
