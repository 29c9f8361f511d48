package dev.tributary.poller.capture;

import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The statements of query-based capture, built from a {@link CaptureSpec}. Pure: no connection, only SQL text.
 *
 * <p>Batches are pages of a keyset walk in (change time, tie-breakers) order: each statement asks for rows strictly
 * after the last delivered one, so a batch boundary never loses or repeats a row, even among thousands of rows
 * with one change time. Rows are streamed; no statement needs a whole table in memory.
 */
public final class CaptureQueries {

    private CaptureQueries() {}

    /**
     * Bounds on the first order column (the change time, or the incrementing id).
     *
     * @param lowerInclusive where reading starts when there is no watermark (initial position, backfill start)
     * @param upperExclusive the safe upper bound of this poll, or the end of a backfill
     * @param upperInclusive the largest safe id of mode incrementing
     */
    public record Bounds(
            Optional<String> lowerInclusive, Optional<String> upperExclusive, Optional<String> upperInclusive) {

        public Bounds(Optional<String> lowerInclusive, Optional<String> upperExclusive) {
            this(lowerInclusive, upperExclusive, Optional.empty());
        }

        public static Bounds none() {
            return new Bounds(Optional.empty(), Optional.empty());
        }
    }

    /** Every row, for mode bulk. */
    public static Statement everything(CaptureSpec spec) {
        return new Statement(select(spec) + suffix(spec), List.of());
    }

    /** The next batch: up to batchMaxRows rows after {@code after}, within {@code bounds}, in capture order. */
    public static Statement nextBatch(CaptureSpec spec, Optional<Watermark> after, Bounds bounds) {
        if (spec.mode() == CaptureMode.BULK) {
            return everything(spec);
        }
        List<String> parameters = new ArrayList<>();
        StringJoiner where = conditions(spec, after, bounds, parameters, true);
        String sql = select(spec) + where(where) + " ORDER BY " + orderBy(spec) + " LIMIT " + spec.batchMaxRows()
                + suffix(spec);
        return new Statement(sql, parameters);
    }

    /**
     * For sources whose rows with equal change times cannot be told apart: the change time of the
     * batchMaxRows-th row after {@code after}. A batch then takes every row up to and including that change time,
     * so it never ends in the middle of one.
     */
    public static Statement batchBoundary(CaptureSpec spec, Optional<Watermark> after, Bounds bounds) {
        OrderColumn time = spec.changeTime().orElseThrow();
        List<String> parameters = new ArrayList<>();
        StringJoiner where = conditions(spec, after, bounds, parameters, false);
        String sql = "SELECT " + time.expression() + " FROM " + spec.relation() + where(where) + " ORDER BY "
                + time.expression() + " OFFSET " + (spec.batchMaxRows() - 1) + " LIMIT 1";
        return new Statement(sql, parameters);
    }

    /** Every row after {@code after} up to and including change time {@code boundary}, or all when it is empty. */
    public static Statement wholeChangeTimes(
            CaptureSpec spec, Optional<Watermark> after, Bounds bounds, Optional<String> boundary) {
        OrderColumn time = spec.changeTime().orElseThrow();
        List<String> parameters = new ArrayList<>();
        StringJoiner where = conditions(spec, after, bounds, parameters, false);
        boundary.ifPresent(b -> {
            where.add(time.expression() + " <= ?::" + time.castType());
            parameters.add(b);
        });
        String sql = select(spec) + where(where) + " ORDER BY " + time.expression() + suffix(spec);
        return new Statement(sql, parameters);
    }

    private static StringJoiner conditions(
            CaptureSpec spec, Optional<Watermark> after, Bounds bounds, List<String> parameters, boolean keyset) {
        List<OrderColumn> order = spec.orderColumns();
        OrderColumn first = order.get(0);
        StringJoiner where = new StringJoiner(" AND ");
        bounds.upperExclusive().ifPresent(upper -> {
            where.add(first.expression() + " < ?::" + first.castType());
            parameters.add(upper);
        });
        bounds.upperInclusive().ifPresent(upper -> {
            where.add(first.expression() + " <= ?::" + first.castType());
            parameters.add(upper);
        });
        if (after.isPresent()) {
            Watermark mark = after.get();
            if (!mark.isFor(spec.orderColumnNames())) {
                throw new IllegalArgumentException(
                        "watermark " + mark + " is for columns " + mark.columns() + ", not " + spec.orderColumnNames());
            }
            if (mark.hasNullTieBreaker()) {
                where.add(first.expression() + " >= ?::" + first.castType());
                parameters.add(mark.first());
            } else if (keyset && order.size() > 1 && !mark.isTimeOnly(spec.orderColumnNames())) {
                // The first condition alone lets an index on the change time narrow the scan; the row comparison
                // then resumes exactly after the last delivered row.
                where.add(first.expression() + " >= ?::" + first.castType());
                parameters.add(mark.first());
                StringJoiner left = new StringJoiner(", ", "(", ")");
                StringJoiner right = new StringJoiner(", ", "(", ")");
                for (int i = 0; i < order.size(); i++) {
                    left.add(order.get(i).expression());
                    right.add("?::" + order.get(i).castType());
                    parameters.add(mark.values().get(i));
                }
                where.add(left + " > " + right);
            } else {
                where.add(first.expression() + " > ?::" + first.castType());
                parameters.add(mark.first());
            }
        } else {
            bounds.lowerInclusive().ifPresent(lower -> {
                where.add(first.expression() + " >= ?::" + first.castType());
                parameters.add(lower);
            });
        }
        return where;
    }

    private static String select(CaptureSpec spec) {
        StringBuilder sql = new StringBuilder("SELECT *");
        for (String extra : spec.extraSelect()) {
            sql.append(", ").append(extra);
        }
        return sql.append(" FROM ").append(spec.relation()).toString();
    }

    private static String orderBy(CaptureSpec spec) {
        StringJoiner order = new StringJoiner(", ");
        spec.orderColumns().forEach(c -> order.add(c.expression()));
        return order.toString();
    }

    private static String where(StringJoiner conditions) {
        return conditions.length() == 0 ? "" : " WHERE " + conditions;
    }

    private static String suffix(CaptureSpec spec) {
        return spec.suffix().map(s -> " " + s).orElse("");
    }
}
