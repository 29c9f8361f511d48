package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.schema.ColumnInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * Makes a relation of a source with {@code deletes: {capture: reconcile}} reconcilable: its key (the primary key or
 * key-columns of a table; key-columns or else incrementing-column of a query), and the target whose rows are the keys
 * a reconciliation found gone, delivered as delete records through the source's transforms to the relation's topic.
 */
final class ReconcileTargets {

    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");

    private final DatabaseCatalog catalog;

    ReconcileTargets(DatabaseCatalog catalog) {
        this.catalog = catalog;
    }

    /** The relation's target, now with its reconciliation. */
    CaptureTarget resolve(CaptureTarget captured, List<String> primaryKey, String label) throws SQLException {
        SourceConfig source = captured.source();
        String where = captured.label() + " of source " + label;
        List<String> columns = !source.keyColumns().isEmpty()
                ? source.keyColumns()
                : !primaryKey.isEmpty()
                        ? primaryKey
                        : source.incrementingColumn().map(List::of).orElse(List.of());
        if (columns.isEmpty()) {
            throw new ConfigException("Cannot reconcile the deletes of " + where + " because it has no key to compare"
                    + " by; set key-columns (or incrementing-column) to the columns that identify a row");
        }
        List<String> types = new ArrayList<>();
        for (String name : columns) {
            ColumnInfo column = captured.columns().stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException("Cannot reconcile the deletes of " + where + " by column "
                            + name + " because there is no such column"));
            types.add(column.castType());
        }
        boolean integer = columns.size() == 1 && INTEGERS.contains(types.get(0));
        ReconcileKey key =
                new ReconcileKey(columns, types, integer, captured.spec().relation());
        List<String> recordKey = new ArrayList<>();
        Schema keySchema = captured.mapper().keySchema();
        if (keySchema != null) {
            for (Field field : keySchema.fields()) {
                if (!columns.contains(field.name())) {
                    throw new ConfigException("Cannot reconcile the deletes of " + where + " by " + columns
                            + " because the records' key column " + field.name() + " is not among them; set"
                            + " key-columns to include it");
                }
                recordKey.add(field.name());
            }
        }
        CaptureTarget deletes = DeleteLogTargets.deleteRecords(
                catalog,
                captured,
                key.deletes("-infinity", List.of()),
                recordKey,
                "#reconcile",
                RowDeletes.reconciliation(),
                where);
        return new CaptureTarget(
                source,
                captured.table(),
                captured.topic(),
                captured.markKey(),
                captured.spec(),
                captured.mapper(),
                captured.orderIndexes(),
                captured.changeTimeZoned(),
                captured.columns(),
                captured.deletes().with(new RowDeletes.Reconciled(key, deletes)));
    }
}
