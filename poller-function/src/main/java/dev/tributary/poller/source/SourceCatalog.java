package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DeleteConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.capture.OrderColumn;
import dev.tributary.poller.capture.Sql;
import dev.tributary.poller.schema.ColumnInfo;
import dev.tributary.poller.schema.ColumnMapping;
import dev.tributary.poller.schema.RowMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves sources against the database at start-up: which tables the patterns name, their columns, keys and
 * types, and whether the configured change-tracking columns exist and suit their mode. Every problem is a
 * {@link ConfigException} naming the source, the table and the column.
 */
public final class SourceCatalog {

    /** The column the poller adds to read the change time of a source with several timestamp columns. */
    public static final String CHANGE_TIME_COLUMN = "__tributary_change_time";

    private static final String QUERY_ALIAS = "tributary_source";
    private static final Set<String> INTEGER_TYPES =
            Set.of("int2", "int4", "int8", "serial", "bigserial", "smallserial");

    private final Connection connection;
    private final Map<String, List<String>> enumLabels;
    private final ZoneId zone;

    private SourceCatalog(Connection connection, Map<String, List<String>> enumLabels, ZoneId zone) {
        this.connection = connection;
        this.enumLabels = enumLabels;
        this.zone = zone;
    }

    /**
     * @param zone the zone of the database's {@code timestamp} (without time zone) values: database.timezone
     */
    public static SourceCatalog of(Connection connection, ZoneId zone) throws SQLException {
        Map<String, List<String>> labels = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT t.typname, e.enumlabel FROM pg_type t"
                        + " JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder")) {
            while (rs.next()) {
                labels.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        connection.commit();
        return new SourceCatalog(connection, labels, zone);
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
                        new DeleteLogTargets(this, connection)
                                .resolve(query, tableNamed(table, label + " deletes.table"), label));
            }
            List<CaptureTarget> targets = new ArrayList<>();
            Map<String, TableName> topics = new LinkedHashMap<>();
            for (TableName table : tables(source, label)) {
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
                DeleteLogTargets logs = new DeleteLogTargets(this, connection);
                for (CaptureTarget target : List.copyOf(targets)) {
                    targets.add(logs.resolve(target, target.table().orElseThrow(), label));
                }
            }
            return targets;
        } finally {
            connection.commit();
        }
    }

    /**
     * Resolves a relation again, after its columns changed (ALTER TABLE, or a view or query over changed tables):
     * the same relation, with the record schema of its columns now.
     */
    public CaptureTarget resolveAgain(CaptureTarget target) throws SQLException {
        String label = "source '" + target.source().name() + "'";
        try {
            if (target.deletes().loggedTable().isPresent()) {
                CaptureTarget captured = target.table().isPresent()
                        ? resolveTable(target.source(), target.table().get(), label)
                        : resolveQuery(target.source(), label);
                return new DeleteLogTargets(this, connection)
                        .resolve(captured, target.deletes().loggedTable().get(), label);
            }
            return target.table().isPresent()
                    ? resolveTable(target.source(), target.table().get(), label)
                    : resolveQuery(target.source(), label);
        } finally {
            connection.commit();
        }
    }

    private List<TableName> tables(SourceConfig source, String label) throws SQLException {
        List<TableName> all = new ArrayList<>();
        Map<TableName, String> otherKinds = new java.util.HashMap<>();
        List<String> kinds =
                source.tableTypes().stream().map(SourceCatalog::relkind).toList();
        // A partitioned table read whole hides its partitions; without it, they are tables of their own.
        boolean wholePartitioned = source.tableTypes().contains("partitioned-table");
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT n.nspname, c.relname, c.relkind, c.relispartition"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg\\_toast%'")) {
            while (rs.next()) {
                TableName name = new TableName(rs.getString(1), rs.getString(2));
                String kind = rs.getString(3);
                if (kinds.contains(kind) && !(wholePartitioned && rs.getBoolean(4))) {
                    all.add(name);
                } else {
                    otherKinds.put(
                            name,
                            rs.getBoolean(4)
                                    ? "a partition, read through its partitioned table"
                                    : "a " + TABLE_TYPE_NAMES.get(kind) + ", and table-types is "
                                            + source.tableTypes());
                }
            }
        }
        Set<TableName> selected = new TreeSet<>();
        for (String text : source.tables()) {
            TablePattern pattern = pattern(text, label + " tables");
            List<TableName> matched = all.stream()
                    .filter(t -> pattern.matches(t.schema(), t.name()))
                    .toList();
            if (matched.isEmpty()) {
                Optional<String> otherKind = otherKinds.entrySet().stream()
                        .filter(e ->
                                pattern.matches(e.getKey().schema(), e.getKey().name()))
                        .map(e -> e.getKey() + " is " + e.getValue())
                        .findFirst();
                if (otherKind.isPresent()) {
                    throw new ConfigException("Cannot capture table " + text + " for source " + label + " because "
                            + otherKind.get() + "; add its kind to table-types to capture it");
                }
                throw new ConfigException("Cannot capture table " + text + " for source " + label
                        + " because no such table exists, or user " + userName()
                        + " cannot see it (tables need SELECT privilege)");
            }
            selected.addAll(matched);
        }
        for (String text : source.excludeTables()) {
            TablePattern pattern = pattern(text, label + " exclude-tables");
            selected.removeIf(t -> pattern.matches(t.schema(), t.name()));
        }
        if (selected.isEmpty()) {
            throw new ConfigException("Cannot capture source " + label + " because exclude-tables leaves no table");
        }
        return List.copyOf(selected);
    }

    private CaptureTarget resolveTable(SourceConfig source, TableName table, String label) throws SQLException {
        String where = "table " + table + " of source " + label;
        List<ColumnInfo> columns = columns("SELECT * FROM " + table.sql() + " LIMIT 0");
        List<String> primaryKey = primaryKey(table);
        List<String> keyColumns = source.keyColumns().isEmpty() ? primaryKey : source.keyColumns();
        Optional<String> incrementing = source.incrementingColumn();
        if (incrementing.isEmpty() && source.mode().usesIncrementing()) {
            if (primaryKey.size() == 1
                    && INTEGER_TYPES.contains(
                            column(columns, primaryKey.get(0), where).typeName())) {
                incrementing = Optional.of(primaryKey.get(0));
            } else {
                throw new ConfigException("Missing setting incrementing-column for " + where + ": mode "
                        + source.mode().configValue() + " needs it, and the table has no single-column integer"
                        + " primary key to default to");
            }
        }
        CaptureTarget target = target(
                source,
                Optional.of(table),
                source.topicPrefix() + table.name(),
                table.sql(),
                columns,
                keyColumns,
                incrementing,
                table.name(),
                where,
                true);
        return reconciled(target, primaryKey, label);
    }

    /** With capture reconcile, the target with its reconciliation. */
    private CaptureTarget reconciled(CaptureTarget target, List<String> primaryKey, String label) throws SQLException {
        if (target.source().deletes().capture() != DeleteConfig.DeleteCapture.RECONCILE) {
            return target;
        }
        return new ReconcileTargets(this).resolve(target, primaryKey, label);
    }

    private CaptureTarget resolveQuery(SourceConfig source, String label) throws SQLException {
        String where = "the query of source " + label;
        // Newlines around the query keep a trailing "-- comment" from swallowing the closing parenthesis.
        String relation =
                "(\n" + stripTrailingSemicolon(source.query().orElseThrow()) + "\n) AS " + Sql.identifier(QUERY_ALIAS);
        List<ColumnInfo> columns;
        try {
            columns = columns("SELECT * FROM " + relation + " LIMIT 0");
        } catch (SQLException e) {
            connection.rollback();
            throw new ConfigException("Cannot run " + where + ": " + e.getMessage(), e);
        }
        // The driver reports a base column's NOT NULL even where an outer join makes it NULL, so nothing a query
        // returns is trusted to be non-null: every field of a query source's schema is optional.
        columns = columns.stream().map(ColumnInfo::asNullable).toList();
        return reconciled(
                target(
                        source,
                        Optional.empty(),
                        source.topic().orElseThrow(),
                        relation,
                        columns,
                        source.keyColumns(),
                        source.incrementingColumn(),
                        null,
                        where,
                        false),
                List.of(),
                label);
    }

    private CaptureTarget target(
            SourceConfig source,
            Optional<TableName> table,
            String topic,
            String relation,
            List<ColumnInfo> columns,
            List<String> keyColumns,
            Optional<String> incrementing,
            String schemaName,
            String where,
            boolean knownNullability) {
        CaptureMode mode = source.mode();
        for (String key : keyColumns) {
            column(columns, key, where);
        }
        Optional<OrderColumn> changeTime = Optional.empty();
        List<String> extraSelect = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        boolean zoned = false;
        if (mode.usesTimestamp()) {
            List<ColumnInfo> timeColumns = new ArrayList<>();
            for (String name : source.timestampColumns()) {
                ColumnInfo column = column(columns, name, where);
                if (!column.isTimestamp()) {
                    throw new ConfigException("Cannot track changes of " + where + " by column " + name
                            + " because its type is " + column.typeName() + "; timestamp-columns must be of type"
                            + " timestamp or timestamptz");
                }
                timeColumns.add(column);
            }
            // Several columns are combined with GREATEST, which is NULL only when all of them are: one NOT NULL
            // column is enough (Kafka Connect's rule for its COALESCE, too).
            if (timeColumns.size() == 1) {
                requireNonNull(source, timeColumns.get(0), where, knownNullability);
            } else if (source.validateNonNull()
                    && knownNullability
                    && timeColumns.stream().allMatch(ColumnInfo::nullable)) {
                throw new ConfigException("Cannot track changes of " + where + " by columns "
                        + source.timestampColumns() + " because all of them are nullable, and a row where all are"
                        + " NULL would never be captured; make one of them NOT NULL, or set validate-non-null: false"
                        + " to accept that");
            }
            zoned = timeColumns.stream().anyMatch(c -> c.typeName().equals("timestamptz"));
            String castType = zoned ? "timestamptz" : "timestamp";
            if (timeColumns.size() == 1) {
                changeTime = Optional.of(OrderColumn.column(timeColumns.get(0).name(), castType));
            } else {
                String greatest = "GREATEST("
                        + String.join(
                                ", ",
                                timeColumns.stream()
                                        .map(c -> Sql.identifier(c.name()))
                                        .toList()) + ")";
                changeTime = Optional.of(new OrderColumn(CHANGE_TIME_COLUMN, greatest, castType));
                extraSelect.add(greatest + " AS " + Sql.identifier(CHANGE_TIME_COLUMN));
                hidden.add(CHANGE_TIME_COLUMN);
            }
        }
        Optional<String> softDeleted = softDeleteFlag(source, columns, where);
        softDeleted.ifPresent(flag -> {
            extraSelect.add(flag + " AS " + Sql.identifier(RowDeletes.FLAG_COLUMN));
            hidden.add(RowDeletes.FLAG_COLUMN);
        });
        List<OrderColumn> tieBreakers = new ArrayList<>();
        if (incrementing.isPresent() && mode.usesIncrementing()) {
            ColumnInfo column = column(columns, incrementing.get(), where);
            if (!INTEGER_TYPES.contains(column.typeName())
                    && !(column.typeName().equals("numeric") && column.scale() == 0)) {
                throw new ConfigException("Cannot use column " + column.name() + " of " + where
                        + " as incrementing-column because its type is " + column.typeName()
                        + "; it must be an integer type");
            }
            requireNonNull(source, column, where, knownNullability);
            tieBreakers.add(OrderColumn.column(column.name(), column.castType()));
        } else if (mode == CaptureMode.TIMESTAMP) {
            for (String key : keyColumns) {
                ColumnInfo column = column(columns, key, where);
                tieBreakers.add(OrderColumn.column(column.name(), column.castType()));
            }
        }
        CaptureSpec spec = new CaptureSpec(
                relation, mode, changeTime, tieBreakers, extraSelect, source.batchMaxRows(), source.querySuffix());
        List<ColumnInfo> all = new ArrayList<>(columns);
        changeTime
                .filter(c -> c.name().equals(CHANGE_TIME_COLUMN))
                .ifPresent(c -> all.add(new ColumnInfo(
                        CHANGE_TIME_COLUMN, java.sql.Types.TIMESTAMP, c.castType(), 0, 6, true, Optional.empty())));
        softDeleted.ifPresent(flag -> all.add(
                new ColumnInfo(RowDeletes.FLAG_COLUMN, java.sql.Types.BOOLEAN, "bool", 0, 0, true, Optional.empty())));
        RowDeletes deletes =
                softDeleted.isPresent() ? RowDeletes.flagged(indexOf(all, RowDeletes.FLAG_COLUMN)) : RowDeletes.none();
        int[] orderIndexes = spec.orderColumns().stream()
                .mapToInt(c -> indexOf(all, c.name()))
                .toArray();
        List<String> recordKey = source.recordKey() == SourceConfig.RecordKey.NONE ? List.of() : keyColumns;
        RowMapper mapper = RowMapper.of(
                all,
                hidden,
                schemaName,
                recordKey,
                new ColumnMapping.Types(source.numericMapping(), source.typeMapping(), zone),
                where);
        String markKey = table.map(TableName::toString).orElse("query");
        return new CaptureTarget(
                source, table, topic, markKey, spec, mapper, orderIndexes, zoned, List.copyOf(columns), deletes);
    }

    /**
     * The SQL that tells whether a row of a soft-delete source is deleted: its soft-column holds soft-value, or any
     * value when none is set. The value is checked against the column's type at start-up.
     */
    private Optional<String> softDeleteFlag(SourceConfig source, List<ColumnInfo> columns, String where) {
        if (source.deletes().capture() != DeleteConfig.DeleteCapture.SOFT) {
            return Optional.empty();
        }
        ColumnInfo column =
                column(columns, source.deletes().softColumn().orElseThrow(), where + " (deletes.soft-column)");
        String name = Sql.identifier(column.name());
        if (source.deletes().softValue().isEmpty()) {
            return Optional.of("(" + name + " IS NOT NULL)");
        }
        String value = source.deletes().softValue().get();
        String literal = "'" + value.replace("'", "''") + "'::" + Sql.type(column.castType());
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT " + literal);
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The refusal below says what to fix.
            }
            throw ConfigException.invalid(
                    source.name() + " deletes.soft-value",
                    value,
                    "must be a value of column " + column.name() + " of " + where + ", of type " + column.typeName()
                            + ": " + e.getMessage());
        }
        return Optional.of("(" + name + " IS NOT DISTINCT FROM " + literal + ")");
    }

    /** A table a setting names, which must exist. */
    private TableName tableNamed(String text, String where) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            statement.setString(1, text);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw ConfigException.invalid(
                            where, text, "must name a table that exists and that user " + userName() + " can see");
                }
                return new TableName(rs.getString(1), rs.getString(2));
            }
        }
    }

    ZoneId zone() {
        return zone;
    }

    private static void requireNonNull(SourceConfig source, ColumnInfo column, String where, boolean known) {
        if (source.validateNonNull() && known && column.nullable()) {
            throw new ConfigException("Cannot track changes of " + where + " by column " + column.name()
                    + " because it is nullable, and a row where it is NULL would never be captured; make it NOT NULL,"
                    + " or set validate-non-null: false to accept that");
        }
    }

    List<ColumnInfo> columns(String sql) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                columns.add(new ColumnInfo(
                        md.getColumnLabel(i),
                        md.getColumnType(i),
                        type,
                        md.getPrecision(i),
                        md.getScale(i),
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls,
                        Optional.ofNullable(enumLabels.get(type)).map(List::copyOf)));
            }
        }
        return columns;
    }

    private List<String> primaryKey(TableName table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = ?::regclass AND i.indisprimary"
                + " ORDER BY array_position(i.indkey, a.attnum)")) {
            statement.setString(1, table.sql());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private String userName() throws SQLException {
        return connection.getMetaData().getUserName();
    }

    private static ColumnInfo column(List<ColumnInfo> columns, String name, String where) {
        return columns.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ConfigException("Cannot use column " + name + " of " + where
                        + " because there is no such column;" + " its columns are "
                        + columns.stream().map(ColumnInfo::name).toList()));
    }

    private static int indexOf(List<ColumnInfo> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no column " + name);
    }

    /** pg_class.relkind of a table-types name (validated by the pipeline: one of SourceConfig.TABLE_TYPES). */
    private static final Map<String, String> TABLE_TYPE_NAMES =
            Map.of("r", "table", "p", "partitioned-table", "v", "view", "m", "materialized-view", "f", "foreign-table");

    private static String relkind(String type) {
        return switch (type) {
            case "table" -> "r";
            case "partitioned-table" -> "p";
            case "view" -> "v";
            case "materialized-view" -> "m";
            case "foreign-table" -> "f";
            default -> throw new IllegalArgumentException("Unknown table type " + type);
        };
    }

    private static TablePattern pattern(String text, String where) {
        try {
            return TablePattern.parse(text);
        } catch (IllegalArgumentException e) {
            throw dev.tributary.core.config.ConfigException.invalid(where, text, e.getMessage());
        }
    }

    private static String stripTrailingSemicolon(String query) {
        String trimmed = query.trim();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
        }
        return trimmed;
    }
}
