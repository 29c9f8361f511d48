package dev.tributary.poller.source;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which rows a relation reads are deletes: none (delete capture off, or found elsewhere), every row (the relation is
 * a table's delete log), or those whose soft-delete flag, a column the poller selects with the row, is true.
 *
 * @param kind which rows are deletes
 * @param flagIndex the result-set index of the soft-delete flag (kind {@link Kind#FLAGGED})
 * @param loggedTable the table whose delete log the relation reads (kind {@link Kind#ALL})
 */
public record RowDeletes(Kind kind, int flagIndex, Optional<TableName> loggedTable) {

    /** The boolean column the poller selects with each row of a soft-delete source: whether the row is deleted. */
    public static final String FLAG_COLUMN = "__tributary_deleted";

    /** Which rows are deletes. */
    public enum Kind {
        NONE,
        ALL,
        FLAGGED
    }

    public static RowDeletes none() {
        return new RowDeletes(Kind.NONE, 0, Optional.empty());
    }

    /** Every row is a delete: the relation reads the delete log of {@code table}. */
    public static RowDeletes logOf(TableName table) {
        return new RowDeletes(Kind.ALL, 0, Optional.of(table));
    }

    /** A row is a delete when its flag, at result-set index {@code index}, is true. */
    public static RowDeletes flagged(int index) {
        return new RowDeletes(Kind.FLAGGED, index, Optional.empty());
    }

    /** Whether the current row of {@code rs} is a delete. */
    public boolean isDelete(ResultSet rs) throws SQLException {
        return switch (kind) {
            case NONE -> false;
            case ALL -> true;
            case FLAGGED -> rs.getBoolean(flagIndex);
        };
    }

    /** Whether this relation may produce deletes at all. */
    public boolean any() {
        return kind != Kind.NONE;
    }
}
