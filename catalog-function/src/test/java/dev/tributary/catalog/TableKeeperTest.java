package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.pipeline.CatalogConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Table;

/** A topic's table in the local Glue endpoint: created, then given new columns, never narrowed. */
class TableKeeperTest {

    @Test
    void shouldCreateTheTableThenAppendANewColumnAndKeepTheOthers() {
        try (PolicyLake lake = new PolicyLake("keeper")) {
            TableKeeper keeper = new TableKeeper(lake.config(), new GlueCatalog(lake.local.glue));
            LakeObject object = lake.object(0);
            List<Column> columns = lake.columns(object);
            keeper.ensureDatabase();
            Outcome created = new Outcome();

            Table first = keeper.ensure(object, columns, true, created);
            List<Column> wider = new ArrayList<>(columns);
            wider.add(new Column("phone", "string"));
            Outcome evolved = new Outcome();
            Table second = keeper.ensure(object, wider, true, evolved);
            Table again = keeper.ensure(object, columns, true, new Outcome());

            assertThat(created.tablesCreated).containsExactly(lake.local.database + ".shop_items");
            assertThat(evolved.columnsAdded).containsExactly("shop_items.phone");
            assertThat(first.storageDescriptor().columns())
                    .extracting(c -> c.name())
                    .doesNotContain("phone");
            assertThat(second.storageDescriptor().columns())
                    .extracting(c -> c.name())
                    .endsWith("phone");
            assertThat(again.versionId()).isEqualTo(second.versionId());
        }
    }

    @Test
    void shouldRefuseAMissingDatabaseItMayNotCreateSayingWhatToChange() {
        try (PolicyLake lake = new PolicyLake("nodb")) {
            CatalogConfig config = lake.config();
            CatalogConfig mayNotCreate =
                    new CatalogConfig(config.database(), false, config.views(), config.viewSuffix());
            TableKeeper keeper = new TableKeeper(mayNotCreate, new GlueCatalog(lake.local.glue));

            assertThatThrownBy(keeper::ensureDatabase)
                    .isInstanceOfSatisfying(
                            CatalogException.class,
                            e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("Glue database " + config.database() + " does not exist")
                    .hasMessageContaining("set catalog.create-database to true");
        }
    }
}
