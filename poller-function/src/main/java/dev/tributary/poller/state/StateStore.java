package dev.tributary.poller.state;

import dev.tributary.poller.capture.Watermark;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the poller keeps high-water marks (one per source and relation) and leases (one per source), with
 * single-item conditional writes only.
 */
public interface StateStore {

    Optional<StoredMark> readMark(String source, String relation);

    /**
     * Moves a mark, only if it is still at {@code expectedVersion} (0: no mark yet).
     *
     * @return the new version
     * @throws MarkConflictException if the stored version differs
     */
    long writeMark(String source, String relation, Watermark mark, long expectedVersion);

    /** Removes a mark, so the relation restarts from its initial position. */
    void deleteMark(String source, String relation);

    /**
     * Takes the source's lease until {@code until} if nobody holds it, it has expired, or {@code owner} holds it.
     */
    LeaseOutcome acquireLease(String source, String owner, Instant now, Instant until);

    /** Gives the lease up, if {@code owner} still holds it. */
    void releaseLease(String source, String owner);

    /** The largest blob one item holds: DynamoDB's item limit is 400 KB, attributes and key included. */
    int MAX_BLOB_BYTES = 350 * 1024;

    /** A source's named binary state (delete reconciliation's key sets), if stored. */
    Optional<StoredBlob> readBlob(String source, String name);

    /**
     * Stores a blob, only if it is still at {@code expectedVersion} (0: none yet; -1: whatever is there).
     *
     * @return the new version
     * @throws MarkConflictException if the stored version differs
     */
    long writeBlob(String source, String name, byte[] data, long expectedVersion);

    /** Removes a blob; nothing if there is none. */
    void deleteBlob(String source, String name);
}
