package dev.tributary.poller;

import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.Statement;
import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.kafka.Acknowledgements;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.RowDeletes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads one capture statement's rows of a relation as resolved with one set of columns, and hands each to its
 * {@link RecordDelivery}: a row whose values cannot be read goes to the dead-letter topic. Made again when the
 * relation's columns change.
 */
final class BatchReader {

    private final CaptureTarget target;
    private final PollContext context;
    private final RecordDelivery delivery;
    private final PositionReader position;
    /** The result-set indexes of the keys to collect from delivered rows; null when none are collected. */
    private final int[] keyIndexes;
    /** Whether the relation's deletes are reconciled: then the keys of delete rows are not collected. */
    private final boolean reconciled;

    BatchReader(
            CaptureTarget target, TransformChain<SourceRecord> transforms, PollContext context, boolean reconciled) {
        this.target = target;
        this.context = context;
        this.delivery = new RecordDelivery(target, transforms, context);
        this.position = new PositionReader(target);
        this.keyIndexes = keyIndexes(target);
        this.reconciled = reconciled;
    }

    /** The capture query's result no longer has the columns the target was resolved with. */
    static final class ColumnsChanged extends RuntimeException {
        ColumnsChanged() {
            super("columns changed", null, false, false);
        }
    }

    /**
     * Reads a statement's rows and hands them to the producer, then ends the read-only transaction.
     *
     * @throws ColumnsChanged if the result's columns are not those the target was resolved with
     */
    Batch read(Connection connection, Statement statement) throws SQLException {
        Acknowledgements acks = new Acknowledgements();
        List<String[]> keys = keyIndexes == null ? List.of() : new ArrayList<>();
        BatchCounts counts = new BatchCounts();
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
                counts.read++;
                String[] fallback = position.readFallback(rs);
                Object[] row;
                try {
                    row = target.mapper().readValues(rs);
                } catch (SQLException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    lastText = textPosition(rs, orderIndexes);
                    delivery.deadLetter(rs, e, acks, counts);
                    continue;
                } catch (RuntimeException e) {
                    lastText = textPosition(rs, orderIndexes);
                    delivery.deadLetter(rs, e, acks, counts);
                    continue;
                }
                lastRow = row;
                lastFallback = fallback;
                lastText = null;
                Delivered delivered = delivery.deliver(row, fallback, rs, acks, counts);
                if (delivered == Delivered.PRODUCED
                        && keyIndexes != null
                        && (!reconciled || !target.deletes().isDelete(rs))) {
                    keys.add(textPosition(rs, keyIndexes));
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
                : new Watermark(target.spec().orderColumnNames(), Arrays.asList(last));
        return new Batch(counts, mark, acks, handedOver, keys);
    }

    /** The first column of a statement's first row, if it has one. */
    Optional<String> first(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement ps = prepare(connection, statement);
                ResultSet rs = execute(ps)) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** The one value of a query with at most one parameter, in a transaction of its own. */
    static String single(Connection connection, String sql, String parameter) throws SQLException {
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
                    + IntStream.range(0, target.columns().size())
                            .filter(c -> target.columns().get(c).name().equals(name))
                            .findFirst()
                            .orElseThrow();
        }
        return indexes;
    }

    private static String[] textPosition(ResultSet rs, int[] indexes) throws SQLException {
        String[] text = new String[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            text[i] = rs.getString(indexes[i]);
        }
        return text;
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

    /**
     * Where a row's position comes from: the value already read, when its text can be recovered exactly, else the
     * column's text read with the row (the computed change time of several columns, for instance).
     */
    private static final class PositionReader {
        private final List<Function<Object[], String>> fromRow;
        private final int[] fallbackIndexes;

        PositionReader(CaptureTarget target) {
            List<String> names = target.spec().orderColumnNames();
            fromRow = new ArrayList<>();
            List<Integer> fallback = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Optional<Function<Object[], String>> literal = target.mapper().literal(names.get(i));
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
