package dev.tributary.poller;

import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.CaptureQueries;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import dev.tributary.poller.capture.Statement;
import dev.tributary.poller.reconcile.Reconciler;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.SourceCatalog;
import dev.tributary.poller.state.StoredMark;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Polls one relation within one invocation: runs its {@link BatchLoop} after its high-water mark and below the safe
 * upper bound (or over a backfill's range), lands each batch once Kafka acknowledged it, and only then moves the
 * {@link MarkChain mark}. Keeps the invocation's counts for the summary.
 */
final class RelationPoller {

    private static final Logger LOG = Logger.getLogger(RelationPoller.class);

    /** Resolved again when the relation's columns change. */
    private CaptureTarget target;
    /** How this relation's rows are read and become records; made again when its columns change. */
    private BatchReader reader;

    private final TransformChain<SourceRecord> transforms;
    private final PollContext context;
    /** The relation's reconciliation, which learns the keys delivered; null without one. */
    private final Reconciler reconciler;

    private final MarkChain mark;
    private final BatchLoop loop;

    private long rows;
    private long batches;
    private long filtered;
    private long deadLettered;
    private long bytes;
    private RelationSummary.Reconciliation reconciliation;

    RelationPoller(CaptureTarget target, TransformChain<SourceRecord> transforms, PollContext context) {
        this(target, transforms, context, null);
    }

    /**
     * @param reconciler the reconciliation of the relation's deletes, which learns each batch's keys before the mark
     *     moves past them; null when deletes are found otherwise
     */
    RelationPoller(
            CaptureTarget target, TransformChain<SourceRecord> transforms, PollContext context, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.target = target;
        this.transforms = transforms;
        this.context = context;
        this.reader = new BatchReader(target, transforms, context, reconciler != null);
        this.mark = new MarkChain(context, reconciler);
        this.loop = new BatchLoop(this, context);
    }

    /** A poller of a reconciliation's deletes, delivered through this relation's transforms and context. */
    RelationPoller reconciliation(CaptureTarget deletes) {
        return new RelationPoller(deletes, transforms, context);
    }

    /**
     * Reads one statement's rows and delivers them, without a mark (a reconciliation's deletes): returns the keys
     * delivered, each as its columns' text.
     */
    List<String[]> deliverOnce(Connection connection, Statement statement) throws SQLException {
        Batch batch = reader.read(connection, statement);
        land(batch, false);
        return batch.keys();
    }

    /**
     * Takes the relation's columns as they are now, as Kafka Connect's JDBC source builds its schema from each
     * query's result: records carry an added column from the first row read after the change.
     */
    void retarget(Connection connection) throws SQLException {
        CaptureTarget fresh;
        try {
            fresh = SourceCatalog.of(connection, context.zone()).resolveAgain(target);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot go on reading " + target.source().name() + " " + target.label()
                            + " because its columns changed and it can no longer be captured: " + e.getMessage(),
                    e);
        }
        if (!fresh.spec().orderColumnNames().equals(target.spec().orderColumnNames())) {
            throw new IllegalStateException(
                    "Cannot go on reading " + target.source().name() + " " + target.label()
                            + " because its columns changed so that it is now ordered by "
                            + fresh.spec().orderColumnNames()
                            + " instead of " + target.spec().orderColumnNames() + "; restart the poller");
        }
        LOG.infof(
                "Columns of %s %s changed: records now have fields %s",
                target.source().name(),
                target.label(),
                fresh.columns().stream().map(c -> c.name()).toList());
        target = fresh;
        reader = new BatchReader(fresh, transforms, context, reconciler != null);
    }

    /** What this relation is read as now: the start-up target, or the one resolved again after columns changed. */
    CaptureTarget target() {
        return target;
    }

    /** How the relation's rows are read now. */
    BatchReader reader() {
        return reader;
    }

    /** The relation, as messages name it (a table's qualified name, or the query). */
    String label() {
        return target.label();
    }

    /** Forgets the relation's mark, so it restarts from its initial position. */
    void reset() {
        mark.reset(target);
    }

    /**
     * Reads and delivers batches until the relation is caught up to the safe upper bound or {@code budgetEnd}.
     */
    void poll(Connection connection, Instant budgetEnd) throws SQLException {
        try {
            Optional<StoredMark> stored = mark.load(connection, target);
            if (target.spec().mode() == CaptureMode.BULK) {
                readWhole(connection);
            } else {
                loop.run(connection, BatchLoop.Pass.live(stored.map(StoredMark::watermark)), budgetEnd);
            }
        } catch (SQLException | RuntimeException | Error e) {
            mark.settleAfterFailure();
            throw e;
        }
        mark.settle();
    }

    private void readWhole(Connection connection) throws SQLException {
        Batch everything;
        try {
            everything = reader.read(connection, CaptureQueries.everything(target.spec()));
        } catch (BatchReader.ColumnsChanged e) {
            retarget(connection);
            everything = reader.read(connection, CaptureQueries.everything(target.spec()));
        }
        land(everything, false);
        loop.readWhole();
    }

    /** Re-reads the rows whose change time (or id) is in [from, to) without touching the mark. */
    void backfill(Connection connection, String from, String to, Instant budgetEnd) throws SQLException {
        mark.load(connection, target);
        if (target.spec().mode() == CaptureMode.BULK) {
            throw new IllegalArgumentException(
                    "Cannot backfill source " + target.source().name()
                            + " because it is in mode bulk, which reads every row on every poll anyway");
        }
        Bounds range = new Bounds(Optional.of(literal(connection, from)), Optional.of(literal(connection, to)));
        loop.run(connection, BatchLoop.Pass.backfill(range), budgetEnd);
    }

    /**
     * Waits until a batch is acknowledged, counts it, and moves the mark past it if asked. The mark is written in
     * the background, in order, while the next batch is read.
     */
    void land(Batch batch, boolean moveMark) {
        if (batch == null || batch.rowsRead() == 0) {
            return;
        }
        context.sender().awaitHandedOver(batch.handedOver(), context.ackTimeout());
        batch.acks().await(context.ackTimeout());
        BatchCounts counts = batch.counts();
        rows += counts.produced;
        bytes += counts.bytes;
        filtered += counts.filtered;
        deadLettered += counts.deadLettered;
        batches++;
        if (moveMark && batch.last() != null) {
            mark.advance(target, batch);
        }
    }

    RelationSummary summary() {
        return new RelationSummary(
                target.label(),
                target.topic(),
                rows,
                bytes,
                batches,
                filtered,
                deadLettered,
                mark.before(),
                mark.mark().map(m -> m.watermark().toString()).orElse(null),
                loop.lagSeconds(),
                loop.caughtUp(),
                reconciliation);
    }

    /** Records what a reconciliation of the relation's deletes did, for the summary. */
    void reconciled(Reconciler.Outcome outcome) {
        reconciliation = new RelationSummary.Reconciliation(
                outcome.lakeKeys(),
                outcome.relationKeys(),
                outcome.deletes(),
                outcome.took().toMillis() / 1000.0);
        rows += outcome.deletes();
    }

    long rows() {
        return rows;
    }

    /** The mark as stored, its values in order (for a delete log: the time and id of the last entry delivered). */
    Optional<List<String>> markedPosition() {
        return mark.mark().map(m -> m.watermark().values());
    }

    long batches() {
        return batches;
    }

    /** A backfill bound as a literal of the first order column's type (an instant or date-time, or an id). */
    private String literal(Connection connection, String text) throws SQLException {
        if (!target.spec().mode().usesTimestamp()) {
            if (!text.trim().matches("-?\\d+")) {
                throw new IllegalArgumentException(
                        "Cannot backfill " + target.source().name() + " from or to '" + text + "' because mode "
                                + target.spec().mode().configValue() + " needs whole numbers");
            }
            return text.trim();
        }
        boolean hasOffset = text.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$") && text.contains("T");
        String type = target.changeTimeZoned() ? "timestamptz" : "timestamp";
        try {
            return BatchReader.single(
                    connection,
                    "SELECT ?::" + (hasOffset ? "timestamptz" : "timestamp") + "::" + type + "::text",
                    text);
        } catch (SQLException e) {
            connection.rollback();
            throw new IllegalArgumentException(
                    "Cannot backfill " + target.source().name() + " from or to '" + text
                            + "' because it is not a date-time: " + e.getMessage(),
                    e);
        }
    }
}
