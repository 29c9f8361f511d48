package dev.tributary.catalog;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.CatalogConfig;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Gives a table's partitions the table's data columns, where they have older ones: Athena reads a partition with its
 * own columns.
 */
final class PartitionAlignment {

    private static final Logger LOG = Logger.getLogger(PartitionAlignment.class);

    private final CatalogConfig config;
    private final GlueCatalog glue;

    PartitionAlignment(CatalogConfig config, GlueCatalog glue) {
        this.config = config;
        this.glue = glue;
    }

    /**
     * Aligns the partitions when the table does not record that its partitions have its columns (after an
     * UpdateTable added or widened columns, or in a table written before partitions were kept up to date), or when
     * {@code force}d (partitions just created from a table that has changed since). The table records it afterwards,
     * with an UpdateTable conditional on the version whose columns the partitions were given; a concurrent change
     * sends it round again with the new columns. Every partition update is idempotent and never narrows a partition
     * that has newer columns, so concurrent invocations converge on the latest columns.
     *
     * @return the table as read last
     */
    Table align(Table table, boolean force, Outcome outcome) {
        String name = table.name();
        Table current = table;
        boolean again = force;
        for (int attempt = 1; attempt <= GlueCatalog.CONFLICT_ATTEMPTS; attempt++) {
            if (current.partitionKeys().isEmpty() || (!again && TableShapes.partitionsCurrent(current))) {
                return current;
            }
            List<Column> columns = TableShapes.columns(current);
            boolean json = TableShapes.isJson(current);
            int updated = glue.updatePartitions(
                    config.database(), name, partition -> TableShapes.withColumns(partition, columns, json));
            outcome.partitionsUpdated += updated;
            if (updated > 0) {
                LOG.infof("Table %s.%s: gave %d partitions the table's columns", config.database(), name, updated);
            }
            if (!TableShapes.partitionsCurrent(current)) {
                if (glue.updateTable(
                        config.database(), TableShapes.withPartitionsCurrent(current), current.versionId())) {
                    return glue.table(config.database(), name).orElse(current);
                }
                GlueCatalog.backOff(attempt);
            }
            Optional<Table> after = glue.table(config.database(), name);
            if (after.isEmpty()) {
                return current;
            }
            again = !TableShapes.columns(after.get()).equals(columns);
            current = after.get();
            if (!again && TableShapes.partitionsCurrent(current)) {
                return current;
            }
        }
        throw new CatalogException(
                Kind.RETRIABLE,
                "Cannot bring the partitions of table " + config.database() + "." + name + " up to date with its"
                        + " columns because concurrent changes won " + GlueCatalog.CONFLICT_ATTEMPTS
                        + " times in a row",
                null);
    }
}
