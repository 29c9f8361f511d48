package dev.tributary.catalog;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.ColumnEvolution;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.CatalogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The catalog's database, and a topic's table in it: created if missing, with an object's new columns appended and
 * none dropped. Changes are conditional on the table's version and retried when a concurrent change won.
 */
final class TableKeeper {

    private static final Logger LOG = Logger.getLogger(TableKeeper.class);

    private final CatalogConfig config;
    private final GlueCatalog glue;
    private volatile boolean databaseReady;

    TableKeeper(CatalogConfig config, GlueCatalog glue) {
        this.config = config;
        this.glue = glue;
    }

    /** Creates the database if it is missing and the catalog may create it; checked once per container. */
    void ensureDatabase() {
        if (databaseReady) {
            return;
        }
        if (!glue.databaseExists(config.database())) {
            if (!config.createDatabase()) {
                throw new CatalogException(
                        Kind.PERMANENT,
                        "Cannot register tables because Glue database " + config.database() + " does not exist and"
                                + " catalog.create-database is false; create the database, or set"
                                + " catalog.create-database to true",
                        null);
            }
            glue.createDatabase(config.database());
        }
        databaseReady = true;
    }

    /** Whether a table holds the objects of another topic than this object's. */
    static boolean holdsOtherTopic(Table table, LakeObject object) {
        return TableShapes.otherTopic(table, object.key().topic()).isPresent();
    }

    /**
     * The object's table, created if missing, with the columns new to it appended (retried on a concurrent change);
     * a table that holds another topic is returned unchanged.
     *
     * @param declared whether the columns' types are the ones they were written with, not inferred from text
     */
    Table ensure(LakeObject object, List<Column> columns, boolean declared, Outcome outcome) {
        String table = object.table();
        int lost = 0;
        while (lost < GlueCatalog.CONFLICT_ATTEMPTS) {
            Optional<Table> existing = glue.table(config.database(), table);
            if (existing.isEmpty()) {
                create(object, columns, declared, outcome);
                continue;
            }
            Table current = existing.get();
            if (holdsOtherTopic(current, object)) {
                return current;
            }
            ColumnEvolution.Evolution evolution = TableShapes.evolution(current, columns, object, declared);
            evolution.conflicts().forEach(conflict -> {
                String problem = "Table " + config.database() + "." + table + ": " + conflict;
                if (outcome.problem(problem)) {
                    LOG.warn(problem);
                }
            });
            if (TableShapes.takesAsIs(current, object, declared, evolution)) {
                return current;
            }
            if (glue.updateTable(
                    config.database(),
                    TableShapes.withColumns(current, evolution.columns(), object, declared),
                    current.versionId())) {
                evolution.added().forEach(c -> outcome.columnsAdded.add(table + "." + c));
                evolution.widened().forEach(c -> outcome.columnsAdded.add(table + "." + c));
                LOG.infof(
                        "Table %s.%s: added %s, widened %s",
                        config.database(), table, evolution.added(), evolution.widened());
            } else {
                GlueCatalog.backOff(++lost);
            }
        }
        throw new CatalogException(
                Kind.RETRIABLE,
                "Cannot bring table " + config.database() + "." + table + " up to date because concurrent changes won "
                        + lost + " times in a row",
                null);
    }

    private void create(LakeObject object, List<Column> columns, boolean declared, Outcome outcome) {
        List<String> partitionKeys = new ArrayList<>(object.partitionValues().keySet());
        if (glue.createTable(config.database(), TableShapes.table(object, columns, partitionKeys, declared))) {
            outcome.tablesCreated.add(config.database() + "." + object.table());
            LOG.infof(
                    "Created table %s.%s for topic %s",
                    config.database(), object.table(), object.key().topic());
        }
    }
}
