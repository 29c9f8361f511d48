package dev.tributary.poller.state;

import java.time.Instant;
import java.util.Optional;

import dev.tributary.poller.capture.Watermark;

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
}
