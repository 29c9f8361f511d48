package dev.tributary.poller.state;

/**
 * A piece of binary state as stored (at most {@link StateStore#MAX_BLOB_BYTES}), with the version conditional writes
 * compare.
 *
 * @param data the bytes
 * @param version incremented by each write
 */
public record StoredBlob(byte[] data, long version) {}
