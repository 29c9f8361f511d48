package dev.tributary.core.storage;

import java.net.URI;
import java.util.Objects;

/**
 * An S3 bucket and key (or key prefix), as {@code s3://bucket/key}.
 *
 * @param bucket bucket name
 * @param key object key or prefix, without a leading slash; empty for the bucket itself
 */
public record S3Location(String bucket, String key) {

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("Cannot name an S3 location because the bucket is empty");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("Cannot name S3 key '" + key + "' because keys do not start with '/'");
        }
    }

    /** Parses {@code s3://bucket/key}. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException(
                    "Cannot parse S3 location '" + uri + "' because it does not start with s3://");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0
                ? new S3Location(rest, "")
                : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The location of {@code relative} under this one, joined with exactly one {@code /}. */
    public S3Location resolve(String relative) {
        if (key.isEmpty()) {
            return new S3Location(bucket, relative);
        }
        return new S3Location(bucket, key.endsWith("/") ? key + relative : key + "/" + relative);
    }

    public URI uri() {
        return URI.create("s3://" + bucket + "/" + key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
