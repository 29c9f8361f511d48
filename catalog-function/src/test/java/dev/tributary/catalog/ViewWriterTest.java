package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.lake.LakeObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Table;

/** A table's current-state view is written beside it, unless a table Tributary did not create has its name. */
class ViewWriterTest {

    @Test
    void shouldWriteTheViewBesideTheTable() {
        try (PolicyLake lake = new PolicyLake("view")) {
            Table table = table(lake);
            Outcome outcome = new Outcome();

            new ViewWriter(lake.config(), new GlueCatalog(lake.local.glue)).write(table, List.of("partition"), outcome);

            assertThat(outcome.views).containsExactly(lake.local.database + ".shop_items_current");
            assertThat(lake.local
                            .glue
                            .getTable(b -> b.databaseName(lake.local.database).name("shop_items_current"))
                            .table()
                            .tableType())
                    .isEqualTo("VIRTUAL_VIEW");
        }
    }

    @Test
    void shouldLeaveATableItDidNotCreateAloneAndSaySo() {
        try (PolicyLake lake = new PolicyLake("foreign")) {
            Table table = table(lake);
            lake.local.glue.createTable(b -> b.databaseName(lake.local.database)
                    .tableInput(t -> t.name("shop_items_current").tableType("EXTERNAL_TABLE")));
            Outcome outcome = new Outcome();

            new ViewWriter(lake.config(), new GlueCatalog(lake.local.glue)).write(table, List.of("partition"), outcome);

            assertThat(outcome.views).isEmpty();
            assertThat(outcome.response().problems())
                    .singleElement()
                    .asString()
                    .startsWith("Cannot write view " + lake.local.database + ".shop_items_current because a table");
        }
    }

    private static Table table(PolicyLake lake) {
        TableKeeper keeper = new TableKeeper(lake.config(), new GlueCatalog(lake.local.glue));
        LakeObject object = lake.object(0);
        keeper.ensureDatabase();
        return keeper.ensure(object, lake.columns(object), true, new Outcome());
    }
}
