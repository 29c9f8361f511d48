package dev.tributary.poller;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.reconcile.KeySet;
import dev.tributary.poller.reconcile.Reconciler;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.state.StoredMark;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A relation's high-water mark: loaded from the state store once per poll (or set to its initial position), moved
 * past each acknowledged batch by a chain of conditional writes in the background, in order, while the next batch is
 * read, and settled at the end of a poll.
 */
final class MarkChain {

    private final PollContext context;
    /** The relation's reconciliation, which learns the keys delivered before the mark passes them; null without. */
    private final Reconciler reconciler;

    private Optional<StoredMark> mark = Optional.empty();
    /** The chain of mark writes under way; its value is the mark as stored once they are done. */
    private CompletableFuture<Optional<StoredMark>> writes = CompletableFuture.completedFuture(Optional.empty());

    private boolean loaded;
    /** The mark as the invocation found it, for the summary. */
    private String before;

    MarkChain(PollContext context, Reconciler reconciler) {
        this.context = context;
        this.reconciler = reconciler;
    }

    /** The mark as stored once the writes settled. */
    Optional<StoredMark> mark() {
        return mark;
    }

    /** The mark as the invocation found it; null when there was none. */
    String before() {
        return before;
    }

    /**
     * Reads the mark from the store, unless it is loaded already; a relation without one and with an
     * initial-timestamp starts just before it.
     */
    Optional<StoredMark> load(Connection connection, CaptureTarget target) throws SQLException {
        if (loaded) {
            return mark;
        }
        SourceConfig source = target.source();
        mark = context.store().readMark(source.name(), target.markKey());
        if (mark.isPresent() && !mark.get().watermark().isFor(target.spec().orderColumnNames())) {
            throw new IllegalStateException("Cannot resume " + source.name() + " " + target.label()
                    + " because its high-water mark was written for columns "
                    + mark.get().watermark().columns()
                    + ", and the source now orders rows by " + target.spec().orderColumnNames()
                    + "; invoke the poller with {\"sources\": [\"" + source.name() + "\"], \"reset\": true}"
                    + " to start it again from its initial position");
        }
        if (mark.isEmpty()
                && source.mode().usesTimestamp()
                && source.initialTimestamp().isPresent()) {
            Watermark start = new Watermark(
                    List.of(target.spec().orderColumnNames().get(0)),
                    List.of(initialPosition(
                            connection, target, source.initialTimestamp().get())));
            long version = context.store().writeMark(source.name(), target.markKey(), start, 0);
            mark = Optional.of(new StoredMark(start, version));
        }
        if (before == null) {
            before = mark.map(m -> m.watermark().toString()).orElse(null);
        }
        writes = CompletableFuture.completedFuture(mark);
        loaded = true;
        return mark;
    }

    /** Forgets the relation's mark, so it restarts from its initial position. */
    void reset(CaptureTarget target) {
        context.store().deleteMark(target.source().name(), target.markKey());
        mark = Optional.empty();
        writes = CompletableFuture.completedFuture(mark);
        loaded = false;
    }

    /**
     * Moves the mark past an acknowledged batch, in the background after the writes before it; {@link #settle()}
     * waits for the last one.
     */
    void advance(CaptureTarget target, Batch batch) {
        Watermark next = batch.last();
        writes = writes.thenApplyAsync(
                stored -> {
                    if (reconciler != null) {
                        // Before the mark passes them: a delivered key the state lacks could never be found deleted.
                        reconciler.store().addDelivered(keySet(target, batch.keys()));
                    }
                    long expected = stored.map(StoredMark::version).orElse(0L);
                    long version = context.store().writeMark(target.source().name(), target.markKey(), next, expected);
                    return Optional.of(new StoredMark(next, version));
                },
                context.markWriter());
    }

    /** Waits for the mark writes under way, and surfaces their failure. */
    void settle() {
        try {
            mark = writes.join();
        } catch (CompletionException e) {
            writes = CompletableFuture.completedFuture(mark);
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * Settles after a failed poll without hiding its failure, and reads the mark again on the next poll: whatever
     * was written, the store knows.
     */
    void settleAfterFailure() {
        try {
            settle();
        } catch (RuntimeException ignored) {
            // The failure being thrown already says what went wrong.
        }
        loaded = false;
    }

    private static KeySet keySet(CaptureTarget target, List<String[]> keys) {
        if (target.deletes().reconcile().orElseThrow().key().integer()) {
            long[] longs = new long[keys.size()];
            for (int i = 0; i < longs.length; i++) {
                longs[i] = Long.parseLong(keys.get(i)[0]);
            }
            return KeySet.ofLongs(longs, longs.length);
        }
        String[] texts = new String[keys.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = KeySet.text(keys.get(i));
        }
        return KeySet.ofTexts(texts, texts.length);
    }

    /** The change time just before the initial position, so that rows at that exact time are still read. */
    private static String initialPosition(
            Connection connection, CaptureTarget target, SourceConfig.InitialPosition initial) throws SQLException {
        String type = target.changeTimeZoned() ? "timestamptz" : "timestamp";
        String sql;
        String parameter = null;
        if (initial.now()) {
            sql = "SELECT (clock_timestamp() - interval '1 microsecond')::" + type + "::text";
        } else if (initial.instant().isPresent()) {
            sql = "SELECT (?::timestamptz - interval '1 microsecond')::" + type + "::text";
            parameter = initial.instant().get().toString();
        } else {
            sql = "SELECT (?::timestamp - interval '1 microsecond')::" + type + "::text";
            parameter = initial.local().orElseThrow().toString();
        }
        return BatchReader.single(connection, sql, parameter);
    }
}
