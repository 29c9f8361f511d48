package dev.tributary.catalog;

import dev.tributary.catalog.glue.CurrentStateView;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.pipeline.CatalogConfig;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Writes a table's current-state view (its name with the catalog's view suffix), leaving alone a table or view of
 * that name that Tributary did not create.
 */
final class ViewWriter {

    private static final Logger LOG = Logger.getLogger(ViewWriter.class);

    private final CatalogConfig config;
    private final GlueCatalog glue;

    ViewWriter(CatalogConfig config, GlueCatalog glue) {
        this.config = config;
        this.glue = glue;
    }

    /** Writes the view of a table with these partition keys, if the table's columns make one. */
    void write(Table table, List<String> partitionKeys, Outcome outcome) {
        List<Column> data = TableShapes.columns(table);
        Optional<String> sql = CurrentStateView.sql(config.database(), table.name(), data, partitionKeys);
        if (sql.isEmpty()) {
            return;
        }
        String name = table.name() + config.viewSuffix();
        List<Column> keys = table.partitionKeys().stream()
                .map(k -> new Column(k.name(), k.type()))
                .toList();
        GlueCatalog.ViewOutcome result = glue.putView(
                config.database(),
                CurrentStateView.tableInput(
                        name, config.database(), table, sql.get(), CurrentStateView.visibleColumns(data, keys)));
        if (result == GlueCatalog.ViewOutcome.WRITTEN) {
            outcome.views.add(config.database() + "." + name);
        } else if (result == GlueCatalog.ViewOutcome.FOREIGN) {
            String problem = "Cannot write view " + config.database() + "." + name + " because a table or view"
                    + " that Tributary did not create has that name; rename it or set catalog.view-suffix";
            if (outcome.problem(problem)) {
                LOG.warn(problem);
            }
        }
    }
}
