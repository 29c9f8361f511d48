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
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the target of a relation from its columns and its source's settings: checks that the change-tracking columns
 * exist and suit their mode, and decides the order columns, the columns the poller adds (a combined change time, a
 * soft-delete flag) and the record schemas. Every problem is a {@link ConfigException} naming the relation and the
 * column.
 */
final class TargetBuilder {

    /** The column the poller adds to read the change time of a source with several timestamp columns. */
    static final String CHANGE_TIME_COLUMN = "__tributary_change_time";

    private static final Set<String> INTEGER_TYPES =
            Set.of("int2", "int4", "int8", "serial", "bigserial", "smallserial");

    private final DatabaseCatalog catalog;

    TargetBuilder(DatabaseCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A relation as its source reads it.
     *
     * @param table the table, for table sources
     * @param topic the topic its records go to
     * @param relation the relation's SQL: a table's name, or a query in parentheses with an alias
     * @param columns its columns
     * @param keyColumns the columns of its records' key (when the source keys records)
     * @param incrementing its incrementing-column, when it has one
     * @param schemaName the name of its records' value schema, or null
     * @param where the relation, for messages
     * @param knownNullability whether the columns' nullability is known (a table's), so a nullable tracking column
     *     can be refused
     */
    record Relation(
            Optional<TableName> table,
            String topic,
            String relation,
            List<ColumnInfo> columns,
            List<String> keyColumns,
            Optional<String> incrementing,
            String schemaName,
            String where,
            boolean knownNullability) {}

    /**
     * The incrementing-column of a table: the source's, or else, for a mode that needs one, the table's single-column
     * integer primary key.
     */
    static Optional<String> incrementing(
            SourceConfig source, List<ColumnInfo> columns, List<String> primaryKey, String where) {
        if (source.incrementingColumn().isPresent() || !source.mode().usesIncrementing()) {
            return source.incrementingColumn();
        }
        if (primaryKey.size() == 1
                && INTEGER_TYPES.contains(
                        column(columns, primaryKey.get(0), where).typeName())) {
            return Optional.of(primaryKey.get(0));
        }
        throw new ConfigException("Missing setting incrementing-column for " + where + ": mode "
                + source.mode().configValue() + " needs it, and the table has no single-column integer"
                + " primary key to default to");
    }

    CaptureTarget build(SourceConfig source, Relation relation) {
        CaptureMode mode = source.mode();
        List<ColumnInfo> columns = relation.columns();
        String where = relation.where();
        for (String key : relation.keyColumns()) {
            column(columns, key, where);
        }
        Optional<OrderColumn> changeTime = Optional.empty();
        List<String> extraSelect = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        boolean zoned = false;
        if (mode.usesTimestamp()) {
            List<ColumnInfo> timeColumns = timeColumns(source, relation);
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
        CaptureSpec spec = new CaptureSpec(
                relation.relation(),
                mode,
                changeTime,
                tieBreakers(source, relation),
                extraSelect,
                source.batchMaxRows(),
                source.querySuffix());
        List<ColumnInfo> all = new ArrayList<>(columns);
        changeTime
                .filter(c -> c.name().equals(CHANGE_TIME_COLUMN))
                .ifPresent(c -> all.add(new ColumnInfo(
                        CHANGE_TIME_COLUMN, Types.TIMESTAMP, c.castType(), 0, 6, true, Optional.empty())));
        softDeleted.ifPresent(flag ->
                all.add(new ColumnInfo(RowDeletes.FLAG_COLUMN, Types.BOOLEAN, "bool", 0, 0, true, Optional.empty())));
        RowDeletes deletes =
                softDeleted.isPresent() ? RowDeletes.flagged(indexOf(all, RowDeletes.FLAG_COLUMN)) : RowDeletes.none();
        int[] orderIndexes = spec.orderColumns().stream()
                .mapToInt(c -> indexOf(all, c.name()))
                .toArray();
        List<String> recordKey = source.recordKey() == SourceConfig.RecordKey.NONE ? List.of() : relation.keyColumns();
        RowMapper mapper = RowMapper.of(all, hidden, relation.schemaName(), recordKey, catalog.types(source), where);
        String markKey = relation.table().map(TableName::toString).orElse("query");
        return new CaptureTarget(
                source,
                relation.table(),
                relation.topic(),
                markKey,
                spec,
                mapper,
                orderIndexes,
                zoned,
                List.copyOf(columns),
                deletes);
    }

    /** The timestamp-columns, checked: timestamps, and not all of them nullable. */
    private static List<ColumnInfo> timeColumns(SourceConfig source, Relation relation) {
        String where = relation.where();
        List<ColumnInfo> timeColumns = new ArrayList<>();
        for (String name : source.timestampColumns()) {
            ColumnInfo column = column(relation.columns(), name, where);
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
            requireNonNull(source, timeColumns.get(0), relation);
        } else if (source.validateNonNull()
                && relation.knownNullability()
                && timeColumns.stream().allMatch(ColumnInfo::nullable)) {
            throw new ConfigException("Cannot track changes of " + where + " by columns "
                    + source.timestampColumns() + " because all of them are nullable, and a row where all are"
                    + " NULL would never be captured; make one of them NOT NULL, or set validate-non-null: false"
                    + " to accept that");
        }
        return timeColumns;
    }

    /** The columns after the change time that order rows: the incrementing column, or the key of mode timestamp. */
    private static List<OrderColumn> tieBreakers(SourceConfig source, Relation relation) {
        String where = relation.where();
        List<OrderColumn> tieBreakers = new ArrayList<>();
        if (relation.incrementing().isPresent() && source.mode().usesIncrementing()) {
            ColumnInfo column =
                    column(relation.columns(), relation.incrementing().get(), where);
            if (!INTEGER_TYPES.contains(column.typeName())
                    && !(column.typeName().equals("numeric") && column.scale() == 0)) {
                throw new ConfigException("Cannot use column " + column.name() + " of " + where
                        + " as incrementing-column because its type is " + column.typeName()
                        + "; it must be an integer type");
            }
            requireNonNull(source, column, relation);
            tieBreakers.add(OrderColumn.column(column.name(), column.castType()));
        } else if (source.mode() == CaptureMode.TIMESTAMP) {
            for (String key : relation.keyColumns()) {
                ColumnInfo column = column(relation.columns(), key, where);
                tieBreakers.add(OrderColumn.column(column.name(), column.castType()));
            }
        }
        return tieBreakers;
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
        Optional<String> refusal = catalog.refusal(literal);
        if (refusal.isPresent()) {
            throw ConfigException.invalid(
                    source.name() + " deletes.soft-value",
                    value,
                    "must be a value of column " + column.name() + " of " + where + ", of type " + column.typeName()
                            + ": " + refusal.get());
        }
        return Optional.of("(" + name + " IS NOT DISTINCT FROM " + literal + ")");
    }

    private static void requireNonNull(SourceConfig source, ColumnInfo column, Relation relation) {
        if (source.validateNonNull() && relation.knownNullability() && column.nullable()) {
            throw new ConfigException("Cannot track changes of " + relation.where() + " by column " + column.name()
                    + " because it is nullable, and a row where it is NULL would never be captured; make it NOT NULL,"
                    + " or set validate-non-null: false to accept that");
        }
    }

    private static ColumnInfo column(List<ColumnInfo> columns, String name, String where) {
        return columns.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ConfigException("Cannot use column " + name + " of " + where
                        + " because there is no such column;" + " its columns are "
                        + columns.stream().map(ColumnInfo::name).toList()));
    }

    /** The result-set index of a column. */
    private static int indexOf(List<ColumnInfo> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no column " + name);
    }
}
