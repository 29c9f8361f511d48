package dev.tributary.core.storage;

import dev.tributary.core.pipeline.PipelineLoader;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Pipeline files read with a function's own S3 client: GetObject, and ListObjectsV2 for a directory. */
public final class S3PipelineFiles implements PipelineLoader.S3Files {

    private final S3Client s3;

    public S3PipelineFiles(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public String read(S3Location object) {
        return s3.getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key()))
                .asUtf8String();
    }

    @Override
    public List<String> list(S3Location prefix) {
        // The delimiter keeps it to the directory's own files, as a local directory is read.
        return s3
                .listObjectsV2Paginator(
                        b -> b.bucket(prefix.bucket()).prefix(prefix.key()).delimiter("/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }
}
