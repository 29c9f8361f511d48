package dev.tributary.poller.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A high-water mark: the position, in capture order, of the last row delivered. Values are the database's own text
 * forms of the order columns (change time first), so that they compare in SQL exactly as the rows do, to the
 * microsecond and whatever the time zones.
 *
 * @param columns names of the order columns the position is given in
 * @param values the last delivered row's values of those columns, as PostgreSQL prints them
 */
public record Watermark(List<String> columns, List<String> values) {

    public Watermark {
        columns = List.copyOf(columns);
        // A tie-breaker may be NULL (a query's key column from an outer join); the change time never is.
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (columns.size() != values.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("Cannot make a watermark of " + values + " for columns " + columns);
        }
        Objects.requireNonNull(values.get(0), "the first watermark value");
    }

    /**
     * Whether a tie-breaker of the marked row is NULL. Such a row cannot be resumed after exactly (a row comparison
     * with NULL is never true), so reading resumes at its change time: rows sharing it may come again, none is lost.
     */
    public boolean hasNullTieBreaker() {
        return values.contains(null);
    }

    /**
     * Whether the mark was written for these order columns (a changed configuration makes it unusable). A mark of
     * the change time alone (an initial position) fits any order that starts with it.
     */
    public boolean isFor(List<String> orderColumns) {
        return columns.size() <= orderColumns.size()
                && orderColumns.subList(0, columns.size()).equals(columns);
    }

    /** Whether the mark names a change time only, not a row: everything after that time is still to come. */
    public boolean isTimeOnly(List<String> orderColumns) {
        return columns.size() < orderColumns.size();
    }

    /** The change time, in timestamp modes. */
    public String first() {
        return values.get(0);
    }

    @Override
    public String toString() {
        return values.size() == 1 ? values.get(0) : values.toString();
    }
}
