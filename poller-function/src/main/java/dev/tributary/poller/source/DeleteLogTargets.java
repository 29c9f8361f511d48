package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DeleteConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.capture.OrderColumn;
import dev.tributary.poller.capture.Sql;
import dev.tributary.poller.schema.ColumnInfo;
import dev.tributary.poller.schema.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * The relation that reads a table's delete log ({@code tributary.delete_log}, filled by the trigger that
 * {@code tributary.capture_deletes} installs) for one source: each entry becomes a row of the key columns the source's
 * records carry, ordered by the time of the delete and the entry's id, so that the log is read as any source is, in
 * batches after a high-water mark of its own, under the in-flight guard. An entry whose key exists again when it is
 * read (deleted, then inserted again) is left out: the row's new version is the current one.
 */
final class DeleteLogTargets {

    /** The time of the delete: the log's change time. */
    static final String DELETED_AT = "__tributary_deleted_at";
    /** The entry's id: breaks ties between deletes at the same time. */
    static final String ENTRY_ID = "__tributary_delete_id";
    /** The suffix of the log's high-water mark key, after the relation's own. */
    static final String MARK_SUFFIX = "#deletes";

    private final DatabaseCatalog catalog;
    private final Connection connection;

    DeleteLogTargets(DatabaseCatalog catalog) {
        this.catalog = catalog;
        this.connection = catalog.connection();
    }

    /**
     * The delete-log target of a relation the source captures.
     *
     * @param captured the relation's own target: the log's records go where its records go, with its key
     * @param table the table whose deletes are read: the captured table, or deletes.table of a query source
     */
    CaptureTarget resolve(CaptureTarget captured, TableName table, String label) throws SQLException {
        SourceConfig source = captured.source();
        DeleteConfig deletes = source.deletes();
        String where = "the delete log of table " + table + " for source " + label;
        List<String> logged = loggedColumns(table, where);
        // Each column of the records (as the source names it) and the table column whose logged value it holds.
        Map<String, String> fields = new LinkedHashMap<>();
        if (source.isQuery() && !deletes.keyMap().isEmpty()) {
            deletes.keyMapColumns().forEach(c -> fields.put(c, deletes.keyMap().get(c)));
        } else {
            logged.forEach(c -> fields.put(c, c));
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!logged.contains(field.getValue())) {
                throw new ConfigException("Cannot read " + where + " because its entries hold columns " + logged
                        + ", not " + field.getValue() + "; log it with SELECT tributary.capture_deletes('"
                        + table + "', ARRAY[" + String.join(", ", quoted(withColumn(logged, field.getValue())))
                        + "]), or change deletes.key-map");
            }
            if (captured.columns().stream().noneMatch(c -> c.name().equals(field.getKey()))) {
                throw new ConfigException("Cannot read " + where + " because the "
                        + (source.isQuery() ? "query" : "table") + " has no column " + field.getKey()
                        + " for a delete record to carry; its columns are "
                        + captured.columns().stream().map(ColumnInfo::name).toList()
                        + (source.isQuery() ? "; set deletes.key-map to" + " query_column:table_column pairs" : ""));
            }
        }
        List<String> recordKey = new ArrayList<>();
        Schema key = captured.mapper().keySchema();
        if (key != null) {
            for (Field field : key.fields()) {
                if (!fields.containsKey(field.name())) {
                    throw new ConfigException("Cannot read " + where + " because the records' key column "
                            + field.name() + " is not among the columns a delete record carries, " + fields.keySet()
                            + "; log it with tributary.capture_deletes('" + table + "', ARRAY[...])");
                }
                recordKey.add(field.name());
            }
        }
        return deleteRecords(
                catalog,
                captured,
                relation(table, fields, logged),
                recordKey,
                MARK_SUFFIX,
                RowDeletes.logOf(table),
                where);
    }

    /**
     * A target whose every row is a delete of a record of a captured relation, as the delete log and a reconciliation
     * read them: the records' columns, then the time of the delete and an id, which order the rows.
     *
     * @param relation the SQL of the rows, with columns {@link #DELETED_AT} and {@link #ENTRY_ID} last
     * @param recordKey the records' key columns
     * @param markSuffix the suffix of the target's high-water mark key, after the captured relation's
     */
    static CaptureTarget deleteRecords(
            DatabaseCatalog catalog,
            CaptureTarget captured,
            String relation,
            List<String> recordKey,
            String markSuffix,
            RowDeletes deletes,
            String where)
            throws SQLException {
        SourceConfig source = captured.source();
        List<ColumnInfo> columns = catalog.columns("SELECT * FROM " + relation + " LIMIT 0").stream()
                .map(ColumnInfo::asNullable)
                .toList();
        CaptureSpec spec = new CaptureSpec(
                relation,
                CaptureMode.TIMESTAMP_INCREMENTING,
                Optional.of(OrderColumn.column(DELETED_AT, "timestamptz")),
                List.of(OrderColumn.column(ENTRY_ID, "int8")),
                List.of(),
                source.batchMaxRows(),
                Optional.empty());
        RowMapper mapper = RowMapper.of(
                columns,
                List.of(DELETED_AT, ENTRY_ID),
                captured.mapper().valueSchema().name(),
                recordKey,
                catalog.types(source),
                where);
        return new CaptureTarget(
                source,
                captured.table(),
                captured.topic(),
                captured.markKey() + markSuffix,
                spec,
                mapper,
                new int[] {columns.size() - 1, columns.size()},
                true,
                columns,
                deletes);
    }

    /**
     * The log's entries for the table as rows: each record column typed as the table column it holds (the log keeps
     * them as JSON), then the time of the delete and the entry's id; entries whose key exists again left out.
     */
    private static String relation(TableName table, Map<String, String> fields, List<String> logged) {
        StringJoiner select = new StringJoiner(", ");
        fields.forEach((field, column) -> select.add("r." + Sql.identifier(column) + " AS " + Sql.identifier(field)));
        select.add("d.deleted_at AS " + Sql.identifier(DELETED_AT));
        select.add("d.id AS " + Sql.identifier(ENTRY_ID));
        StringJoiner sameKey = new StringJoiner(" AND ");
        logged.forEach(c -> sameKey.add("t." + Sql.identifier(c) + " = r." + Sql.identifier(c)));
        return "(SELECT " + select + " FROM tributary.delete_log AS d CROSS JOIN LATERAL jsonb_populate_record(NULL::"
                + table.sql() + ", d.key) AS r WHERE d.relation = " + literal(table.sql()) + "::regclass AND NOT"
                + " EXISTS (SELECT FROM " + table.sql() + " AS t WHERE " + sameKey + ")) AS tributary_deletes";
    }

    /** The columns the table's log entries hold, after checking that its deletes are logged. */
    private List<String> loggedColumns(TableName table, String where) throws SQLException {
        String call = "SELECT tributary.capture_deletes('" + table + "')";
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.key_columns::text[], EXISTS (SELECT"
                + " FROM pg_trigger g WHERE g.tgrelid = c.relation AND g.tgname = 'tributary_log_delete' AND"
                + " g.tgenabled <> 'D') FROM tributary.delete_capture c WHERE c.relation = ?::regclass")) {
            statement.setString(1, table.sql());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("Cannot read " + where + " because the table's deletes are not logged;"
                            + " run " + call + " as its owner (deletes.capture log)");
                }
                if (!rs.getBoolean(2)) {
                    throw new ConfigException("Cannot read " + where + " because its trigger tributary_log_delete is"
                            + " missing or disabled; run " + call + " again as its owner");
                }
                return Arrays.asList((String[]) rs.getArray(1).getArray());
            }
        } catch (SQLException e) {
            connection.rollback();
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                throw new ConfigException(
                        "Cannot read " + where + " because the database has no delete log; run"
                                + " infra/sql/install.sql, then " + call,
                        e);
            }
            if ("42501".equals(e.getSQLState())) {
                throw new ConfigException(
                        "Cannot read " + where + " because the poller's role may not read"
                                + " schema tributary; run SELECT tributary.grant_capture('<role>', ARRAY['"
                                + table.schema()
                                + "']) as its owner",
                        e);
            }
            throw e;
        }
    }

    private static List<String> withColumn(List<String> logged, String column) {
        List<String> all = new ArrayList<>(logged);
        all.add(column);
        return all;
    }

    private static List<String> quoted(List<String> names) {
        return names.stream().map(DeleteLogTargets::literal).toList();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
