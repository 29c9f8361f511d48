package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DeleteConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.capture.Sql;
import dev.tributary.poller.schema.ColumnInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves sources against the database at start-up: which tables the patterns name ({@link TableSelection}), their
 * columns and keys ({@link DatabaseCatalog}), and the targets that read them ({@link TargetBuilder}), with those that
 * read their deletes ({@link DeleteLogTargets}, {@link ReconcileTargets}). Every problem is a {@link ConfigException}
 * naming the source, the table and the column.
 */
public final class SourceCatalog {

    /** The column the poller adds to read the change time of a source with several timestamp columns. */
    public static final String CHANGE_TIME_COLUMN = TargetBuilder.CHANGE_TIME_COLUMN;

    private static final String QUERY_ALIAS = "tributary_source";

    private final DatabaseCatalog catalog;
    private final TargetBuilder targets;

    private SourceCatalog(DatabaseCatalog catalog) {
        this.catalog = catalog;
        this.targets = new TargetBuilder(catalog);
    }

    /**
     * @param zone the zone of the database's {@code timestamp} (without time zone) values: database.timezone
     */
    public static SourceCatalog of(Connection connection, ZoneId zone) throws SQLException {
        return new SourceCatalog(DatabaseCatalog.of(connection, zone));
    }

    /**
     * The relations a source captures.
     *
     * @param where the source's path in the pipeline file ({@code sources[1]}), for messages
     */
    public List<CaptureTarget> resolve(SourceConfig source, String where) throws SQLException {
        String label = where + " ('" + source.name() + "')";
        try {
            if (source.isQuery()) {
                CaptureTarget query = resolveQuery(source, label);
                if (source.deletes().capture() != DeleteConfig.DeleteCapture.LOG) {
                    return List.of(query);
                }
                String table = source.deletes().table().orElseThrow();
                return List.of(
                        query,
                        new DeleteLogTargets(catalog)
                                .resolve(query, catalog.tableNamed(table, label + " deletes.table"), label));
            }
            List<CaptureTarget> targets = new ArrayList<>();
            Map<String, TableName> topics = new LinkedHashMap<>();
            for (TableName table : TableSelection.select(source, catalog.relations(), label, catalog.userName())) {
                CaptureTarget target = resolveTable(source, table, label);
                TableName clash = topics.put(target.topic(), table);
                if (clash != null) {
                    throw new ConfigException("Cannot capture " + clash + " and " + table + " in source " + label
                            + " because both would go to topic " + target.topic()
                            + "; narrow tables or use separate sources with different topic-prefix values");
                }
                targets.add(target);
            }
            if (source.deletes().capture() == DeleteConfig.DeleteCapture.LOG) {
                DeleteLogTargets logs = new DeleteLogTargets(catalog);
                for (CaptureTarget target : List.copyOf(targets)) {
                    targets.add(logs.resolve(target, target.table().orElseThrow(), label));
                }
            }
            return targets;
        } finally {
            catalog.commit();
        }
    }

    /**
     * Resolves a relation again, after its columns changed (ALTER TABLE, or a view or query over changed tables):
     * the same relation, with the record schema of its columns now.
     */
    public CaptureTarget resolveAgain(CaptureTarget target) throws SQLException {
        String label = "source '" + target.source().name() + "'";
        try {
            CaptureTarget captured = target.table().isPresent()
                    ? resolveTable(target.source(), target.table().get(), label)
                    : resolveQuery(target.source(), label);
            if (target.deletes().loggedTable().isPresent()) {
                return new DeleteLogTargets(catalog)
                        .resolve(captured, target.deletes().loggedTable().get(), label);
            }
            return captured;
        } finally {
            catalog.commit();
        }
    }

    private CaptureTarget resolveTable(SourceConfig source, TableName table, String label) throws SQLException {
        String where = "table " + table + " of source " + label;
        List<ColumnInfo> columns = catalog.columns("SELECT * FROM " + table.sql() + " LIMIT 0");
        List<String> primaryKey = catalog.primaryKey(table);
        List<String> keyColumns = source.keyColumns().isEmpty() ? primaryKey : source.keyColumns();
        TargetBuilder.Relation relation = new TargetBuilder.Relation(
                Optional.of(table),
                source.topicPrefix() + table.name(),
                table.sql(),
                columns,
                keyColumns,
                TargetBuilder.incrementing(source, columns, primaryKey, where),
                table.name(),
                where,
                true);
        return reconciled(targets.build(source, relation), primaryKey, label);
    }

    private CaptureTarget resolveQuery(SourceConfig source, String label) throws SQLException {
        String where = "the query of source " + label;
        // Newlines around the query keep a trailing "-- comment" from swallowing the closing parenthesis.
        String relation =
                "(\n" + stripTrailingSemicolon(source.query().orElseThrow()) + "\n) AS " + Sql.identifier(QUERY_ALIAS);
        List<ColumnInfo> columns;
        try {
            columns = catalog.columns("SELECT * FROM " + relation + " LIMIT 0");
        } catch (SQLException e) {
            catalog.rollback();
            throw new ConfigException("Cannot run " + where + ": " + e.getMessage(), e);
        }
        // The driver reports a base column's NOT NULL even where an outer join makes it NULL, so nothing a query
        // returns is trusted to be non-null: every field of a query source's schema is optional.
        columns = columns.stream().map(ColumnInfo::asNullable).toList();
        TargetBuilder.Relation query = new TargetBuilder.Relation(
                Optional.empty(),
                source.topic().orElseThrow(),
                relation,
                columns,
                source.keyColumns(),
                source.incrementingColumn(),
                null,
                where,
                false);
        return reconciled(targets.build(source, query), List.of(), label);
    }

    /** With capture reconcile, the target with its reconciliation. */
    private CaptureTarget reconciled(CaptureTarget target, List<String> primaryKey, String label) throws SQLException {
        if (target.source().deletes().capture() != DeleteConfig.DeleteCapture.RECONCILE) {
            return target;
        }
        return new ReconcileTargets(catalog).resolve(target, primaryKey, label);
    }

    private static String stripTrailingSemicolon(String query) {
        String trimmed = query.trim();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
        }
        return trimmed;
    }
}
