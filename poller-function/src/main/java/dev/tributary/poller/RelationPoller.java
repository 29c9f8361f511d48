package dev.tributary.poller;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.CaptureQueries;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.capture.Statement;
import dev.tributary.poller.capture.UpperBound;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.kafka.DeliveryException;
import dev.tributary.poller.kafka.RecordEncoder;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.state.StoredMark;

/**
 * Polls one relation within one invocation: reads batches after its high-water mark and below the safe upper
 * bound, produces them, waits for Kafka's acknowledgement, and only then moves the mark. Keeps the invocation's
 * counts for the summary.
 */
final class RelationPoller {

    private static final Logger LOG = Logger.getLogger(RelationPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CaptureTarget target;
    private final TransformChain<SourceRecord> transforms;
    private final PollContext context;
    private final Map<String, String> sourcePartition;
    private Optional<StoredMark> mark = Optional.empty();
    private boolean markLoaded;
    private String markBefore;
    private long rows;
    private long batches;
    private long filtered;
    private long deadLettered;
    private Double lagSeconds;
    private boolean caughtUp;

    RelationPoller(CaptureTarget target, TransformChain<SourceRecord> transforms, PollContext context) {
        this.target = target;
        this.transforms = transforms;
        this.context = context;
        this.sourcePartition = Map.of("source", target.source().name(), "relation", target.label());
    }

    /** Forgets the relation's mark, so it restarts from its initial position. */
    void reset() {
        context.store().deleteMark(target.source().name(), target.markKey());
        mark = Optional.empty();
        markLoaded = false;
    }

    /**
     * Reads and delivers batches until the relation is caught up to the safe upper bound or {@code budgetEnd}.
     */
    void poll(Connection connection, Instant budgetEnd) throws SQLException {
        SourceConfig source = target.source();
        CaptureSpec spec = target.spec();
        loadMark(connection);
        if (spec.mode() == CaptureMode.BULK) {
            BatchResult result = read(connection, CaptureQueries.everything(spec));
            acknowledge(result, false);
            caughtUp = true;
            lagSeconds = 0.0;
            return;
        }
        caughtUp = false;
        do {
            Optional<UpperBound> bound = Optional.empty();
            if (spec.mode().usesTimestamp()) {
                bound = Optional.of(context.bounds().read(connection, source.timestampDelay()));
            }
            Bounds bounds = new Bounds(Optional.empty(), bound.map(b -> b.literal(target.changeTimeZoned())));
            Optional<Watermark> after = mark.map(StoredMark::watermark);
            BatchResult result;
            boolean more;
            if (spec.canSplitTies()) {
                result = read(connection, CaptureQueries.nextBatch(spec, after, bounds));
                more = result.rowsRead() >= spec.batchMaxRows();
            } else {
                Optional<String> boundary = first(connection, CaptureQueries.batchBoundary(spec, after, bounds));
                result = read(connection, CaptureQueries.wholeChangeTimes(spec, after, bounds, boundary));
                more = boundary.isPresent();
            }
            acknowledge(result, true);
            if (!more) {
                caughtUp = true;
                lagSeconds = bound.map(b -> seconds(b.now(), b.at())).orElse(0.0);
                bound.flatMap(UpperBound::heldBackBy).ifPresent(holder -> LOG.debugf(
                        "The safe upper bound of %s %s is held back by %s", source.name(), target.label(), holder));
                return;
            }
            lagSeconds = bound.flatMap(b -> mark.flatMap(m -> PgTimestamps.instant(m.watermark().first(),
                    context.zone())).map(at -> seconds(b.now(), at))).orElse(null);
        } while (Instant.now().isBefore(budgetEnd));
    }

    /** Re-reads the rows whose change time (or id) is in [from, to) without touching the mark. */
    void backfill(Connection connection, String from, String to, Instant budgetEnd) throws SQLException {
        loadMark(connection);
        CaptureSpec spec = target.spec();
        if (spec.mode() == CaptureMode.BULK) {
            throw new IllegalArgumentException("Cannot backfill source " + target.source().name()
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
            acknowledge(result, false);
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
        return new RelationSummary(target.label(), target.topic(), rows, batches, filtered, deadLettered, markBefore,
                mark.map(m -> m.watermark().toString()).orElse(null), lagSeconds, caughtUp);
    }

    long rows() {
        return rows;
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
                    + " because its high-water mark was written for columns " + mark.get().watermark().columns()
                    + ", and the source now orders rows by " + target.spec().orderColumnNames()
                    + "; invoke the poller with {\"sources\": [\"" + source.name() + "\"], \"reset\": true}"
                    + " to start it again from its initial position");
        }
        if (mark.isEmpty() && source.mode().usesTimestamp() && source.initialTimestamp().isPresent()) {
            Watermark start = new Watermark(List.of(target.spec().orderColumnNames().get(0)),
                    List.of(initialPosition(connection, source.initialTimestamp().get())));
            long version = context.store().writeMark(source.name(), target.markKey(), start, 0);
            mark = Optional.of(new StoredMark(start, version));
        }
        markBefore = mark.map(m -> m.watermark().toString()).orElse(null);
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
                throw new IllegalArgumentException("Cannot backfill " + target.source().name() + " from or to '" + text
                        + "' because mode " + target.spec().mode().configValue() + " needs whole numbers");
            }
            return text.trim();
        }
        boolean hasOffset = text.matches(".*(Z|[+-]\\d{2}(:?\\d{2})?)$") && text.contains("T");
        String type = target.changeTimeZoned() ? "timestamptz" : "timestamp";
        try {
            return single(connection, "SELECT ?::" + (hasOffset ? "timestamptz" : "timestamp") + "::" + type + "::text",
                    text);
        } catch (SQLException e) {
            connection.rollback();
            throw new IllegalArgumentException("Cannot backfill " + target.source().name() + " from or to '" + text
                    + "' because it is not a date-time: " + e.getMessage(), e);
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
        try (PreparedStatement ps = prepare(connection, statement); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private BatchResult read(Connection connection, Statement statement) throws SQLException {
        long read = 0;
        long produced = 0;
        long dropped = 0;
        long dead = 0;
        String[] last = null;
        int[] orderIndexes = target.orderIndexes();
        try (PreparedStatement ps = prepare(connection, statement); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                read++;
                if (orderIndexes.length > 0) {
                    String[] position = new String[orderIndexes.length];
                    for (int i = 0; i < orderIndexes.length; i++) {
                        position[i] = rs.getString(orderIndexes[i]);
                    }
                    last = position;
                }
                switch (deliver(rs)) {
                    case PRODUCED -> produced++;
                    case FILTERED -> dropped++;
                    default -> dead++;
                }
            }
        } finally {
            // Ends the read-only transaction, so the next bound sees fresh activity.
            connection.commit();
        }
        Watermark position = last == null ? null
                : new Watermark(target.spec().orderColumnNames(), List.of(last));
        return new BatchResult(read, produced, dropped, dead, position);
    }

    private enum Outcome { PRODUCED, FILTERED, DEAD_LETTERED }

    private Outcome deliver(ResultSet rs) throws SQLException {
        SourceRecord out;
        byte[] key;
        byte[] value;
        RecordHeaders headers;
        try {
            Struct row = target.mapper().read(rs);
            ConnectHeaders connectHeaders = new ConnectHeaders();
            connectHeaders.addString(RecordEncoder.SOURCE_HEADER, target.source().name());
            target.table().ifPresent(t -> connectHeaders.addString(RecordEncoder.TABLE_HEADER, t.toString()));
            SourceRecord record = new SourceRecord(sourcePartition, Map.of(), target.topic(), null,
                    target.mapper().keySchema(), target.mapper().keyOf(row), target.mapper().valueSchema(), row, null,
                    connectHeaders);
            out = transforms.apply(record);
            if (out == null) {
                return Outcome.FILTERED;
            }
            key = context.encoder().key(out);
            value = context.encoder().value(out);
            headers = context.encoder().headers(out);
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            deadLetter(rs, e);
            return Outcome.DEAD_LETTERED;
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetter(rs, e);
            return Outcome.DEAD_LETTERED;
        }
        context.producer().send(out.topic(), key, value, headers);
        return Outcome.PRODUCED;
    }

    private void deadLetter(ResultSet rs, Exception reason) throws SQLException {
        ObjectNode row = JSON.createObjectNode();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), rs.getString(i));
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(RecordEncoder.SOURCE_HEADER, RecordEncoder.utf8(target.source().name()));
        headers.add(RecordEncoder.TABLE_HEADER, RecordEncoder.utf8(target.label()));
        headers.add("tributary.error.reason", RecordEncoder.utf8(String.valueOf(reason.getMessage())));
        headers.add("tributary.error.class", RecordEncoder.utf8(reason.getClass().getName()));
        headers.add("tributary.topic", RecordEncoder.utf8(target.topic()));
        try {
            context.producer().send(context.deadLetterTopic(), null, JSON.writeValueAsBytes(row), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LOG.warnf("Sent a row of %s %s to dead-letter topic %s because %s", target.source().name(), target.label(),
                context.deadLetterTopic(), reason.getMessage());
    }

    private void acknowledge(BatchResult result, boolean moveMark) {
        if (result.rowsRead() == 0) {
            return;
        }
        context.producer().awaitAcknowledged();
        rows += result.produced();
        filtered += result.filtered();
        deadLettered += result.deadLettered();
        batches++;
        if (moveMark) {
            long expected = mark.map(StoredMark::version).orElse(0L);
            long version = context.store().writeMark(target.source().name(), target.markKey(), result.last(), expected);
            mark = Optional.of(new StoredMark(result.last(), version));
        }
    }

    private PreparedStatement prepare(Connection connection, Statement statement) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(statement.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
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

    private record BatchResult(long rowsRead, long produced, long filtered, long deadLettered, Watermark last) {
    }
}
