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
 * @param reconcile for a relation whose deletes are found by reconciliation: its key, and the target whose rows are
 *     the deleted keys
 */
public record RowDeletes(Kind kind, int flagIndex, Optional<TableName> loggedTable, Optional<Reconciled> reconcile) {

    /**
     * A reconciled relation's key, and the relation of its deleted keys (kind {@link Kind#ALL}).
     *
     * @param key the key compared
     * @param deletes the target that reads deleted keys as delete records
     */
    public record Reconciled(ReconcileKey key, CaptureTarget deletes) {}

    /** The boolean column the poller selects with each row of a soft-delete source: whether the row is deleted. */
    public static final String FLAG_COLUMN = "__tributary_deleted";

    /** Which rows are deletes. */
    public enum Kind {
        NONE,
        ALL,
        FLAGGED
    }

    public static RowDeletes none() {
        return new RowDeletes(Kind.NONE, 0, Optional.empty(), Optional.empty());
    }

    /** Rows of a relation whose deletes a reconciliation finds: none of them is a delete. */
    public static RowDeletes reconciled(Reconciled reconcile) {
        return new RowDeletes(Kind.NONE, 0, Optional.empty(), Optional.of(reconcile));
    }

    /** Every row is a delete: the relation reads keys a reconciliation found gone. */
    public static RowDeletes reconciliation() {
        return new RowDeletes(Kind.ALL, 0, Optional.empty(), Optional.empty());
    }

    /** Every row is a delete: the relation reads the delete log of {@code table}. */
    public static RowDeletes logOf(TableName table) {
        return new RowDeletes(Kind.ALL, 0, Optional.of(table), Optional.empty());
    }

    /** A row is a delete when its flag, at result-set index {@code index}, is true. */
    public static RowDeletes flagged(int index) {
        return new RowDeletes(Kind.FLAGGED, index, Optional.empty(), Optional.empty());
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

    /** The same, with a reconciliation. */
    public RowDeletes with(Reconciled reconciled) {
        return new RowDeletes(kind, flagIndex, loggedTable, Optional.of(reconciled));
    }
}
