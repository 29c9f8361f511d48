package dev.tributary.poller.source;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.schema.ColumnInfo;
import dev.tributary.poller.schema.RowMapper;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One relation of a source, resolved against the database: what to read, how rows become records, where they go,
 * and under which key its high-water mark is kept.
 *
 * @param source the source it belongs to
 * @param table the table, for table sources
 * @param topic the topic its records go to (before transforms that route)
 * @param markKey the key of its high-water mark in the state table
 * @param spec what each poll reads
 * @param mapper how rows become record keys and values
 * @param orderIndexes result-set indexes of the order columns, to read each row's position
 * @param changeTimeZoned whether the change time is a timestamptz (else a timestamp, or none)
 * @param columns the relation's columns as resolved, which the mapper reads by position
 * @param deletes which of the rows it reads are deletes
 */
public record CaptureTarget(
        SourceConfig source,
        Optional<TableName> table,
        String topic,
        String markKey,
        CaptureSpec spec,
        RowMapper mapper,
        int[] orderIndexes,
        boolean changeTimeZoned,
        List<ColumnInfo> columns,
        RowDeletes deletes) {

    /**
     * Whether a capture query's result still has the columns this target was resolved with: same names, types and
     * sizes in the same positions. A column added, dropped or changed since (ALTER TABLE) needs the target resolved
     * again, or values would be read from the wrong positions.
     */
    public boolean matches(ResultSetMetaData result) throws SQLException {
        if (result.getColumnCount() != columns.size() + spec.extraSelect().size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            int index = i + 1;
            if (!column.name().equals(result.getColumnLabel(index))
                    || !column.castType().equals(ColumnInfo.castType(result.getColumnTypeName(index)))
                    || column.precision() != result.getPrecision(index)
                    || column.scale() != result.getScale(index)) {
                return false;
            }
        }
        return true;
    }

    /** {@code public.address}, or {@code query}: how summaries and messages name the relation. */
    public String label() {
        if (deletes.loggedTable().isPresent()) {
            return "deletes of " + deletes.loggedTable().get();
        }
        return table.map(TableName::toString).orElse("query");
    }
}
