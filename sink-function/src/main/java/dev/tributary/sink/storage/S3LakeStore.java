package dev.tributary.sink.storage;

import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.storage.S3Location;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes objects with single PutObject requests: S3 makes an object visible only once it is whole, so a failure
 * never leaves a partial object under the data prefix. The SDK retries throttling and server errors first; what
 * remains is classified here, once.
 */
public final class S3LakeStore implements LakeStore {

    private final S3Client s3;

    public S3LakeStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void put(S3Location location, byte[] content, String contentType, Map<String, String> metadata) {
        try {
            s3.putObject(
                    b -> b.bucket(location.bucket())
                            .key(location.key())
                            .contentType(contentType)
                            .metadata(metadata)
                            .contentLength((long) content.length),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            Kind kind = AwsFailures.kind(e);
            String advice = kind == Kind.RETRIABLE
                    ? "; it may pass, so the batch is tried again"
                    : AwsFailures.accessDenied(e)
                            ? "; allow the sink's role s3:PutObject on " + location.bucket()
                                    + "/"
                                    + location.key().substring(0, location.key().indexOf('/') + 1) + "* (and kms:"
                                    + "GenerateDataKey on the bucket's key, if it has one)"
                            : "; check that bucket " + location.bucket() + " exists in the function's region and"
                                    + " that the sink's bucket setting names it";
            throw new StorageException(
                    kind, "Cannot write " + location + " because " + AwsFailures.describe(e) + advice, e);
        }
    }
}
