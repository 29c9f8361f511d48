package dev.tributary.poller;

import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.state.LeaseOutcome;
import dev.tributary.poller.state.StateStore;
import dev.tributary.poller.state.StateStoreException;
import dev.tributary.poller.state.StoredBlob;
import dev.tributary.poller.state.StoredMark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real DynamoDB store, observed: it records every mark written, and can fail a chosen write, to provoke a crash
 * between Kafka's acknowledgement and the mark that a real server cannot be made to produce on demand.
 */
final class RecordingStateStore implements StateStore {

    private final StateStore delegate;
    private final List<Watermark> written;
    private final AtomicInteger failWriteNumber = new AtomicInteger(-1);
    private final AtomicInteger writes = new AtomicInteger();

    RecordingStateStore(StateStore delegate) {
        this(delegate, Collections.synchronizedList(new ArrayList<>()));
    }

    RecordingStateStore(StateStore delegate, List<Watermark> sharedLog) {
        this.delegate = delegate;
        this.written = sharedLog;
    }

    /** The n-th mark write from now (1 = the next) fails as if the process died right before it. */
    void failWrite(int n) {
        failWriteNumber.set(writes.get() + n);
    }

    List<Watermark> written() {
        return written;
    }

    @Override
    public Optional<StoredMark> readMark(String source, String relation) {
        return delegate.readMark(source, relation);
    }

    @Override
    public long writeMark(String source, String relation, Watermark mark, long expectedVersion) {
        if (writes.incrementAndGet() == failWriteNumber.get()) {
            throw new StateStoreException(Kind.RETRIABLE, "Simulated crash before writing the mark of " + source, null);
        }
        synchronized (written) {
            long version = delegate.writeMark(source, relation, mark, expectedVersion);
            written.add(mark);
            return version;
        }
    }

    @Override
    public void deleteMark(String source, String relation) {
        delegate.deleteMark(source, relation);
    }

    @Override
    public LeaseOutcome acquireLease(String source, String owner, Instant now, Instant until) {
        return delegate.acquireLease(source, owner, now, until);
    }

    @Override
    public void releaseLease(String source, String owner) {
        delegate.releaseLease(source, owner);
    }

    @Override
    public Optional<StoredBlob> readBlob(String source, String name) {
        return delegate.readBlob(source, name);
    }

    @Override
    public long writeBlob(String source, String name, byte[] data, long expectedVersion) {
        return delegate.writeBlob(source, name, data, expectedVersion);
    }

    @Override
    public void deleteBlob(String source, String name) {
        delegate.deleteBlob(source, name);
    }
}
