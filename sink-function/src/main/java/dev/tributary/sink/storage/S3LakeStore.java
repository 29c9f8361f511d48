package dev.tributary.sink.storage;

import dev.tributary.core.storage.S3Location;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes objects with single PutObject requests: S3 makes an object visible only once it is whole, so a failure
 * never leaves a partial object under the data prefix. The SDK retries throttling and server errors first; what
 * remains is translated here.
 */
public final class S3LakeStore implements LakeStore {

    private final S3Client s3;

    public S3LakeStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void put(S3Location location, byte[] content, String contentType) {
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key()).contentType(contentType)
                    .contentLength((long) content.length), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            boolean retriable = e.isThrottlingException() || e.statusCode() >= 500;
            throw new StorageException("Cannot write " + location + ": " + (e.awsErrorDetails() == null
                    ? e.getMessage() : e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage())
                    + (retriable ? "; the batch will be delivered again" : ""), retriable, e);
        } catch (SdkClientException e) {
            throw new StorageException("Cannot write " + location + ": " + e.getMessage(), true, e);
        } catch (SdkException e) {
            throw new StorageException("Cannot write " + location + ": " + e.getMessage(), e.retryable(), e);
        }
    }
}
