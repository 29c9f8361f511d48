package dev.tributary.sink.storage;

import dev.tributary.core.storage.S3Location;

/** Where the sink writes objects. */
public interface LakeStore {

    /**
     * Writes one whole object, replacing any with the same key.
     *
     * @throws StorageException if it cannot be written
     */
    void put(S3Location location, byte[] content, String contentType);
}
