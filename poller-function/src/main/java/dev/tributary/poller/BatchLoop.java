package dev.tributary.poller;

import dev.tributary.poller.capture.CaptureQueries;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.capture.IdCeiling;
import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.capture.UpperBound;
import dev.tributary.poller.capture.Watermark;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The batch loop of one relation, shared by live polling and backfill: reads batch after batch within the bounds
 * (the safe upper bound or id ceiling when live, a backfill's range otherwise), splitting or keeping whole the rows
 * of one change time as the relation's order allows, reads the next batch while the previous one is acknowledged,
 * and reads the relation's columns again when they change.
 */
final class BatchLoop {

    private static final Logger LOG = Logger.getLogger(BatchLoop.class);
    private static final int MAX_RETARGETS = 3;

    /**
     * What one run of the loop reads.
     *
     * @param start the position to read after; empty to read from the start of the bounds
     * @param range a backfill's fixed range; empty to read up to the safe upper bound (or id ceiling) of each batch
     * @param moveMark whether the mark follows each acknowledged batch
     */
    record Pass(Optional<Watermark> start, Optional<Bounds> range, boolean moveMark) {

        /** Live polling: after the mark, up to the safe upper bound, moving the mark. */
        static Pass live(Optional<Watermark> mark) {
            return new Pass(mark, Optional.empty(), true);
        }

        /** A backfill: the rows within a range, leaving the mark where it is. */
        static Pass backfill(Bounds range) {
            return new Pass(Optional.empty(), Optional.of(range), false);
        }
    }

    private final RelationPoller relation;
    private final PollContext context;
    /** The safe id of mode incrementing, sampled across polls. */
    private final IdCeiling ids = new IdCeiling();

    private boolean caughtUp;
    private Double lagSeconds;

    BatchLoop(RelationPoller relation, PollContext context) {
        this.relation = relation;
        this.context = context;
    }

    /** Whether the last run reached the end of its bounds. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** How far behind the database the last live run left the relation; null when unknown. */
    Double lagSeconds() {
        return lagSeconds;
    }

    /** Bulk mode, read whole on every poll, is caught up by each read. */
    void readWhole() {
        caughtUp = true;
        lagSeconds = 0.0;
    }

    /** Reads and delivers batches until the bounds are reached or {@code budgetEnd}. */
    void run(Connection connection, Pass pass, Instant budgetEnd) throws SQLException {
        caughtUp = false;
        int retargets = 0;
        // The next batch is read while the previous one is still being acknowledged; it lands once it has.
        Batch inFlight = null;
        Optional<Watermark> after = pass.start();
        Optional<String> idCeiling = Optional.empty();
        try {
            do {
                CaptureSpec spec = relation.target().spec();
                Optional<UpperBound> bound = Optional.empty();
                if (pass.range().isEmpty() && spec.mode().usesTimestamp()) {
                    bound = Optional.of(context.bounds()
                            .read(connection, relation.target().source().timestampDelay()));
                } else if (pass.range().isEmpty() && (idCeiling.isEmpty() || reached(after, idCeiling.get()))) {
                    // Sampled again only once reading has caught up with it: the sample takes max() over the
                    // whole relation, which for a query source is a full evaluation of the query.
                    idCeiling = ids.read(connection, spec, context.bounds());
                    if (idCeiling.isEmpty()) {
                        // No id is known to be safe yet: an open transaction may still commit a smaller one.
                        Batch landing = inFlight;
                        inFlight = null;
                        relation.land(landing, pass.moveMark());
                        caughtUp = true;
                        return;
                    }
                }
                Bounds bounds = pass.range()
                        .orElse(new Bounds(
                                Optional.empty(),
                                bound.map(b -> b.literal(relation.target().changeTimeZoned())),
                                idCeiling));
                Batch result;
                boolean more;
                try {
                    BatchReader reader = relation.reader();
                    if (spec.canSplitTies()) {
                        result = reader.read(connection, CaptureQueries.nextBatch(spec, after, bounds));
                        more = result.rowsRead() >= spec.batchMaxRows();
                    } else {
                        Optional<String> boundary =
                                reader.first(connection, CaptureQueries.batchBoundary(spec, after, bounds));
                        result =
                                reader.read(connection, CaptureQueries.wholeChangeTimes(spec, after, bounds, boundary));
                        more = boundary.isPresent();
                    }
                } catch (BatchReader.ColumnsChanged e) {
                    // What was read before the change is delivered (and marked); reading resumes with new columns.
                    Batch landing = inFlight;
                    inFlight = null;
                    relation.land(landing, pass.moveMark());
                    if (++retargets > MAX_RETARGETS) {
                        throw new IllegalStateException(
                                "Cannot read " + relation.target().source().name() + " " + relation.label()
                                        + " because its columns changed " + retargets + " times during one poll;"
                                        + " invoke the poller again once the relation's columns stay as they are");
                    }
                    relation.retarget(connection);
                    continue;
                }
                Batch landing = inFlight;
                inFlight = result;
                relation.land(landing, pass.moveMark());
                if (result.last() != null) {
                    after = Optional.of(result.last());
                }
                if (!more) {
                    landing = inFlight;
                    inFlight = null;
                    relation.land(landing, pass.moveMark());
                    caughtUp = true;
                    if (pass.range().isEmpty()) {
                        lagSeconds = bound.map(b -> seconds(b.now(), b.at())).orElse(0.0);
                        bound.flatMap(UpperBound::heldBackBy)
                                .ifPresent(holder -> LOG.debugf(
                                        "The safe upper bound of %s %s is held back by %s",
                                        relation.target().source().name(), relation.label(), holder));
                    }
                    return;
                }
                if (pass.range().isEmpty()) {
                    Optional<Watermark> position = after;
                    lagSeconds = bound.flatMap(
                                    b -> position.flatMap(m -> PgTimestamps.instant(m.first(), context.zone()))
                                            .map(at -> seconds(b.now(), at)))
                            .orElse(null);
                }
            } while (Instant.now().isBefore(budgetEnd));
            Batch landing = inFlight;
            inFlight = null;
            relation.land(landing, pass.moveMark());
        } finally {
            if (inFlight != null) {
                // Failing: wait for what was sent so that no callback outlives the poll, but move nothing.
                try {
                    inFlight.acks().await(context.ackTimeout());
                } catch (RuntimeException ignored) {
                    // The failure that got us here is the one to report.
                }
            }
        }
    }

    /** Whether the position is at or past the id ceiling (mode incrementing, whose mark is the id alone). */
    private static boolean reached(Optional<Watermark> after, String ceiling) {
        return after.map(m -> new BigInteger(m.first()).compareTo(new BigInteger(ceiling)) >= 0)
                .orElse(false);
    }

    private static double seconds(Instant now, Instant at) {
        return Math.max(0, Duration.between(at, now).toMillis() / 1000.0);
    }
}
