package dev.tributary.poller;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.CaptureQueries;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.capture.IdCeiling;
import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.capture.Statement;
import dev.tributary.poller.capture.UpperBound;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.kafka.Acknowledgements;
import dev.tributary.poller.reconcile.KeySet;
import dev.tributary.poller.reconcile.Reconciler;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.RowDeletes;
import dev.tributary.poller.source.SourceCatalog;
import dev.tributary.poller.state.StoredMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Polls one relation within one invocation: reads batches after its high-water mark and below the safe upper
 * bound, produces them, waits for Kafka's acknowledgement, and only then moves the mark. Keeps the invocation's
 * counts for the summary.
 */
final class RelationPoller {

    private static final Logger LOG = Logger.getLogger(RelationPoller.class);

    /** Resolved again when the relation's columns change. */
    private CaptureTarget target;

    private final TransformChain<SourceRecord> transforms;
    private final PollContext context;
    private static final int MAX_RETARGETS = 3;
    /** The relation's reconciliation, which learns the keys delivered; null without one. */
    private final Reconciler reconciler;
    /** The result-set indexes of the keys to collect from delivered rows; null when none are collected. */
    private final int[] keyIndexes;

    private PositionReader position;
    /** How this relation's rows become records; made again when its columns change. */
    private RecordDelivery delivery;

    private Optional<StoredMark> mark = Optional.empty();
    private final IdCeiling ids = new IdCeiling();
    /** The chain of mark writes under way; its value is the mark as stored once they are done. */
    private java.util.concurrent.CompletableFuture<Optional<StoredMark>> markWrite =
            java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());

    private boolean markLoaded;
    private String markBefore;
    private long rows;
    private long batches;
    private long filtered;
    private long deadLettered;
    private long bytes;
    private Double lagSeconds;
    private boolean caughtUp;
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
        this.position = new PositionReader(target);
        this.delivery = new RecordDelivery(target, transforms, context);
        this.keyIndexes = keyIndexes(target);
    }

    /**
     * The result-set indexes of the key a reconciliation compares, in its order: of a reconciled relation (whose
     * delivered keys the lake then holds), or of the keys a reconciliation found gone (whose deletes it delivered).
     */
    private static int[] keyIndexes(CaptureTarget target) {
        List<String> names;
        if (target.deletes().reconcile().isPresent()) {
            names = target.deletes().reconcile().get().key().columns();
        } else if (target.deletes().kind() == RowDeletes.Kind.ALL
                && target.deletes().loggedTable().isEmpty()) {
            names = target.columns().subList(0, target.columns().size() - 2).stream()
                    .map(c -> c.name())
                    .toList();
        } else {
            return null;
        }
        int[] indexes = new int[names.size()];
        for (int i = 0; i < indexes.length; i++) {
            String name = names.get(i);
            indexes[i] = 1
                    + java.util.stream.IntStream.range(0, target.columns().size())
                            .filter(c -> target.columns().get(c).name().equals(name))
                            .findFirst()
                            .orElseThrow();
        }
        return indexes;
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
        BatchResult result = read(connection, statement);
        land(result, false);
        return result.keys();
    }

    /**
     * Takes the relation's columns as they are now, as Kafka Connect's JDBC source builds its schema from each
     * query's result: records carry an added column from the first row read after the change.
     */
    private void retarget(Connection connection) throws SQLException {
        CaptureTarget fresh = SourceCatalog.of(connection, context.zone()).resolveAgain(target);
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
        position = new PositionReader(fresh);
        delivery = new RecordDelivery(fresh, transforms, context);
    }

    /** The capture query's result no longer has the columns the target was resolved with. */
    private static final class ColumnsChanged extends RuntimeException {
        ColumnsChanged() {
            super("columns changed", null, false, false);
        }
    }

    /** What this relation is read as now: the start-up target, or the one resolved again after columns changed. */
    CaptureTarget target() {
        return target;
    }

    /** The relation, as messages name it (a table's qualified name, or the query). */
    String label() {
        return target.label();
    }

    /** Forgets the relation's mark, so it restarts from its initial position. */
    void reset() {
        context.store().deleteMark(target.source().name(), target.markKey());
        mark = Optional.empty();
        markWrite = java.util.concurrent.CompletableFuture.completedFuture(mark);
        markLoaded = false;
    }

    /**
     * Reads and delivers batches until the relation is caught up to the safe upper bound or {@code budgetEnd}.
     */
    void poll(Connection connection, Instant budgetEnd) throws SQLException {
        boolean completed = false;
        try {
            pollBatches(connection, budgetEnd);
            completed = true;
        } finally {
            if (completed) {
                settle();
            } else {
                try {
                    settle();
                } catch (RuntimeException ignored) {
                    // The failure being thrown already says what went wrong.
                }
                // Whatever was written, the store knows: read the mark again on the next poll.
                markLoaded = false;
            }
        }
    }

    private void pollBatches(Connection connection, Instant budgetEnd) throws SQLException {
        SourceConfig source = target.source();
        CaptureSpec spec = target.spec();
        loadMark(connection);
        int retargets = 0;
        if (spec.mode() == CaptureMode.BULK) {
            BatchResult everything;
            try {
                everything = read(connection, CaptureQueries.everything(spec));
            } catch (ColumnsChanged e) {
                retarget(connection);
                everything = read(connection, CaptureQueries.everything(target.spec()));
            }
            land(everything, false);
            caughtUp = true;
            lagSeconds = 0.0;
            return;
        }
        caughtUp = false;
        // The next batch is read while the previous one is still being acknowledged; its mark moves once it has.
        BatchResult inFlight = null;
        Optional<Watermark> after = mark.map(StoredMark::watermark);
        Optional<String> idCeiling = Optional.empty();
        try {
            do {
                Optional<UpperBound> bound = Optional.empty();
                if (spec.mode().usesTimestamp()) {
                    bound = Optional.of(context.bounds().read(connection, source.timestampDelay()));
                } else if (idCeiling.isEmpty() || reached(after, idCeiling.get())) {
                    // Sampled again only once reading has caught up with it: the sample takes max() over the
                    // whole relation, which for a query source is a full evaluation of the query.
                    idCeiling = ids.read(connection, spec, context.bounds());
                    if (idCeiling.isEmpty()) {
                        // No id is known to be safe yet: an open transaction may still commit a smaller one.
                        BatchResult landing = inFlight;
                        inFlight = null;
                        land(landing, true);
                        caughtUp = true;
                        return;
                    }
                }
                Bounds bounds =
                        new Bounds(Optional.empty(), bound.map(b -> b.literal(target.changeTimeZoned())), idCeiling);
                BatchResult result;
                boolean more;
                try {
                    if (spec.canSplitTies()) {
                        result = read(connection, CaptureQueries.nextBatch(spec, after, bounds));
                        more = result.rowsRead() >= spec.batchMaxRows();
                    } else {
                        Optional<String> boundary =
                                first(connection, CaptureQueries.batchBoundary(spec, after, bounds));
                        result = read(connection, CaptureQueries.wholeChangeTimes(spec, after, bounds, boundary));
                        more = boundary.isPresent();
                    }
                } catch (ColumnsChanged e) {
                    // What was read before the change is delivered and marked; reading resumes with new columns.
                    BatchResult landing = inFlight;
                    inFlight = null;
                    land(landing, true);
                    if (++retargets > MAX_RETARGETS) {
                        throw new IllegalStateException("Cannot read " + source.name() + " " + target.label()
                                + " because its columns changed " + retargets + " times during one poll");
                    }
                    retarget(connection);
                    spec = target.spec();
                    continue;
                }
                if (inFlight != null) {
                    BatchResult landing = inFlight;
                    inFlight = result;
                    land(landing, true);
                } else {
                    inFlight = result;
                }
                if (result.last() != null) {
                    after = Optional.of(result.last());
                }
                if (!more) {
                    BatchResult landing = inFlight;
                    inFlight = null;
                    land(landing, true);
                    caughtUp = true;
                    lagSeconds = bound.map(b -> seconds(b.now(), b.at())).orElse(0.0);
                    bound.flatMap(UpperBound::heldBackBy)
                            .ifPresent(holder -> LOG.debugf(
                                    "The safe upper bound of %s %s is held back by %s",
                                    source.name(), target.label(), holder));
                    return;
                }
                Optional<Watermark> position = after;
                lagSeconds = bound.flatMap(b -> position.flatMap(m -> PgTimestamps.instant(m.first(), context.zone()))
                                .map(at -> seconds(b.now(), at)))
                        .orElse(null);
            } while (Instant.now().isBefore(budgetEnd));
            BatchResult landing = inFlight;
            inFlight = null;
            land(landing, true);
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
        return after.map(m -> new java.math.BigInteger(m.first()).compareTo(new java.math.BigInteger(ceiling)) >= 0)
                .orElse(false);
    }

    /** Re-reads the rows whose change time (or id) is in [from, to) without touching the mark. */
    void backfill(Connection connection, String from, String to, Instant budgetEnd) throws SQLException {
        loadMark(connection);
        CaptureSpec spec = target.spec();
        if (spec.mode() == CaptureMode.BULK) {
            throw new IllegalArgumentException(
                    "Cannot backfill source " + target.source().name()
                            + " because it is in mode bulk, which reads every row on every poll anyway");
        }
        Bounds bounds = new Bounds(Optional.of(literal(connection, from)), Optional.of(literal(connection, to)));
        Optional<Watermark> position = Optional.empty();
        caughtUp = false;
        do {
            BatchResult result;
            boolean more;
            if (spec.canSplitTies()) {
                result = read(connection, CaptureQueries.nextBatch(spec, position, bounds));
                more = result.rowsRead() >= spec.batchMaxRows();
            } else {
                Optional<String> boundary = first(connection, CaptureQueries.batchBoundary(spec, position, bounds));
                result = read(connection, CaptureQueries.wholeChangeTimes(spec, position, bounds, boundary));
                more = boundary.isPresent();
            }
            land(result, false);
            if (result.last() != null) {
                position = Optional.of(result.last());
            }
            if (!more) {
                caughtUp = true;
                return;
            }
        } while (Instant.now().isBefore(budgetEnd));
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
                markBefore,
                mark.map(m -> m.watermark().toString()).orElse(null),
                lagSeconds,
                caughtUp,
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
        return mark.map(m -> m.watermark().values());
    }

    long batches() {
        return batches;
    }

    private void loadMark(Connection connection) throws SQLException {
        if (markLoaded) {
            return;
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
                            connection, source.initialTimestamp().get())));
            long version = context.store().writeMark(source.name(), target.markKey(), start, 0);
            mark = Optional.of(new StoredMark(start, version));
        }
        if (markBefore == null) {
            markBefore = mark.map(m -> m.watermark().toString()).orElse(null);
        }
        markWrite = java.util.concurrent.CompletableFuture.completedFuture(mark);
        markLoaded = true;
    }

    /** The change time just before the initial position, so that rows at that exact time are still read. */
    private String initialPosition(Connection connection, SourceConfig.InitialPosition initial) throws SQLException {
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
        return single(connection, sql, parameter);
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
            return single(
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

    private static String single(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            connection.commit();
        }
    }

    private Optional<String> first(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement);
                ResultSet rs = execute(ps)) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private BatchResult read(Connection connection, Statement statement) throws SQLException {
        Acknowledgements acks = new Acknowledgements();
        List<String[]> keys = keyIndexes == null ? List.of() : new ArrayList<>();
        long read = 0;
        long produced = 0;
        long dropped = 0;
        long dead = 0;
        long bytes = 0;
        Object[] lastRow = null;
        String[] lastText = null;
        String[] lastFallback = null;
        int[] orderIndexes = target.orderIndexes();
        try (PreparedStatement ps = prepare(connection, statement);
                ResultSet rs = execute(ps)) {
            if (!target.matches(rs.getMetaData())) {
                throw new ColumnsChanged();
            }
            while (rs.next()) {
                read++;
                String[] fallback = position.readFallback(rs);
                Object[] row;
                try {
                    row = target.mapper().readValues(rs);
                } catch (SQLException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    lastText = textPosition(rs, orderIndexes);
                    delivery.deadLetter(rs, e, acks);
                    dead++;
                    continue;
                } catch (RuntimeException e) {
                    lastText = textPosition(rs, orderIndexes);
                    delivery.deadLetter(rs, e, acks);
                    dead++;
                    continue;
                }
                lastRow = row;
                lastFallback = fallback;
                lastText = null;
                long sent = delivery.deliver(row, fallback, rs, acks);
                if (sent > 0
                        && keyIndexes != null
                        && (reconciler == null || !target.deletes().isDelete(rs))) {
                    keys.add(textPosition(rs, keyIndexes));
                }
                if (sent > 0) {
                    produced++;
                    bytes += sent;
                } else if (sent == 0) {
                    dropped++;
                } else {
                    dead++;
                }
            }
        } finally {
            // Ends the read-only transaction, so the next bound sees fresh activity.
            connection.commit();
        }
        long handedOver = context.sender().endBatch();
        String[] last = lastText != null ? lastText : lastRow == null ? null : position.of(lastRow, lastFallback);
        Watermark mark = last == null || orderIndexes.length == 0
                ? null
                : new Watermark(target.spec().orderColumnNames(), java.util.Arrays.asList(last));
        return new BatchResult(read, produced, dropped, dead, bytes, mark, acks, handedOver, keys);
    }

    private static String[] textPosition(ResultSet rs, int[] indexes) throws SQLException {
        String[] text = new String[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            text[i] = rs.getString(indexes[i]);
        }
        return text;
    }

    /**
     * Waits until a batch is acknowledged, counts it, and moves the mark past it if asked. The mark is written in
     * the background, in order, while the next batch is read; {@link #settle()} waits for the last write.
     */
    private void land(BatchResult result, boolean moveMark) {
        if (result == null || result.rowsRead() == 0) {
            return;
        }
        context.sender().awaitHandedOver(result.handedOver());
        result.acks().await(context.ackTimeout());
        rows += result.produced();
        bytes += result.bytes();
        filtered += result.filtered();
        deadLettered += result.deadLettered();
        batches++;
        if (moveMark && result.last() != null) {
            Watermark next = result.last();
            java.util.concurrent.CompletableFuture<Optional<StoredMark>> previous = markWrite;
            markWrite = previous.thenApplyAsync(
                    stored -> {
                        if (reconciler != null) {
                            // Before the mark passes them: a delivered key the state lacks could never be found
                            // deleted.
                            reconciler.store().addDelivered(keySet(result.keys()));
                        }
                        long expected = stored.map(StoredMark::version).orElse(0L);
                        long version =
                                context.store().writeMark(target.source().name(), target.markKey(), next, expected);
                        return Optional.of(new StoredMark(next, version));
                    },
                    context.markWriter());
        }
    }

    private KeySet keySet(List<String[]> keys) {
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

    /** Waits for the mark writes under way, and surfaces their failure. */
    private void settle() {
        try {
            mark = markWrite.join();
        } catch (java.util.concurrent.CompletionException e) {
            markWrite = java.util.concurrent.CompletableFuture.completedFuture(mark);
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * Runs a capture statement. The driver prepares a statement on the server once it has run a few times; after
     * ALTER TABLE, PostgreSQL refuses such a plan ("cached plan must not change result type") before any row is
     * read, and the driver prepares it afresh next time: the columns changed, as a result's metadata would show.
     */
    private static ResultSet execute(PreparedStatement ps) throws SQLException {
        try {
            return ps.executeQuery();
        } catch (SQLException e) {
            if ("0A000".equals(e.getSQLState())
                    && String.valueOf(e.getMessage()).contains("cached plan")) {
                throw new ColumnsChanged();
            }
            throw e;
        }
    }

    private PreparedStatement prepare(Connection connection, Statement statement) throws SQLException {
        PreparedStatement ps =
                connection.prepareStatement(statement.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(context.fetchSize());
        List<String> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ps.setString(i + 1, parameters.get(i));
        }
        return ps;
    }

    /** Conversion errors of one value (class 22: data exception), as opposed to a broken connection. */
    private static boolean isDataError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private static double seconds(Instant now, Instant at) {
        return Math.max(0, Duration.between(at, now).toMillis() / 1000.0);
    }

    private record BatchResult(
            long rowsRead,
            long produced,
            long filtered,
            long deadLettered,
            long bytes,
            Watermark last,
            Acknowledgements acks,
            long handedOver,
            List<String[]> keys) {}

    /**
     * Where a row's position comes from: the value already read, when its text can be recovered exactly, else the
     * column's text read with the row (the computed change time of several columns, for instance).
     */
    private static final class PositionReader {
        private final List<java.util.function.Function<Object[], String>> fromRow;
        private final int[] fallbackIndexes;

        PositionReader(CaptureTarget target) {
            List<String> names = target.spec().orderColumnNames();
            fromRow = new java.util.ArrayList<>();
            List<Integer> fallback = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Optional<java.util.function.Function<Object[], String>> literal =
                        target.mapper().literal(names.get(i));
                fromRow.add(literal.orElse(null));
                if (literal.isEmpty()) {
                    fallback.add(target.orderIndexes()[i]);
                }
            }
            fallbackIndexes = fallback.stream().mapToInt(Integer::intValue).toArray();
        }

        String[] readFallback(ResultSet rs) throws SQLException {
            return fallbackIndexes.length == 0 ? null : textPosition(rs, fallbackIndexes);
        }

        String[] of(Object[] row, String[] fallback) {
            String[] position = new String[fromRow.size()];
            int next = 0;
            for (int i = 0; i < position.length; i++) {
                position[i] = fromRow.get(i) != null ? fromRow.get(i).apply(row) : fallback[next++];
            }
            return position;
        }
    }
}
