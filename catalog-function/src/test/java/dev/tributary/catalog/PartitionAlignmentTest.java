package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/** Partitions registered before a table gained a column are given it, once, and the table records it. */
class PartitionAlignmentTest {

    @Test
    void shouldGiveOlderPartitionsTheTablesNewColumnOnce() {
        try (PolicyLake lake = new PolicyLake("align")) {
            GlueCatalog glue = new GlueCatalog(lake.local.glue);
            TableKeeper keeper = new TableKeeper(lake.config(), glue);
            PartitionAlignment alignment = new PartitionAlignment(lake.config(), glue);
            LakeObject object = lake.object(0);
            List<Column> columns = lake.columns(object);
            keeper.ensureDatabase();
            Table table = keeper.ensure(object, columns, true, new Outcome());
            glue.createPartitions(
                    lake.local.database, table.name(), List.of(TableShapes.partition(table, object, List.of("0"))));
            List<Column> wider = new ArrayList<>(columns);
            wider.add(new Column("phone", "string"));
            Table evolved = keeper.ensure(object, wider, true, new Outcome());
            Outcome first = new Outcome();
            Outcome second = new Outcome();

            Table aligned = alignment.align(evolved, false, first);
            alignment.align(aligned, false, second);

            assertThat(TableShapes.partitionsCurrent(evolved)).isFalse();
            assertThat(TableShapes.partitionsCurrent(aligned)).isTrue();
            assertThat(first.partitionsUpdated).isEqualTo(1);
            assertThat(second.partitionsUpdated).isZero();
            Partition partition = lake.local
                    .glue
                    .getPartition(b -> b.databaseName(lake.local.database)
                            .tableName(table.name())
                            .partitionValues("0"))
                    .partition();
            assertThat(partition.storageDescriptor().columns())
                    .extracting(c -> c.name())
                    .endsWith("phone");
        }
    }
}
