package dev.tributary.sink.storage;

import dev.tributary.core.storage.S3Location;
import java.util.Map;

/** Where the sink writes objects. */
public interface LakeStore {

    /**
     * Writes one whole object, replacing any with the same key.
     *
     * @param metadata its S3 user metadata, keys without the {@code x-amz-meta-} prefix
     * @throws StorageException if it cannot be written
     */
    void put(S3Location location, byte[] content, String contentType, Map<String, String> metadata);
}
