package dev.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.storage.S3Location;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

class TableShapesTest {

    private static final List<Column> TABLE = List.of(new Column("id", "int"), new Column("name", "string"),
            new Column("geo", "struct<lat:double>"));

    @Test
    void shouldAppendNewColumnsAtTheEndWithoutDroppingOrReordering() {
        TableShapes.Evolution evolution = TableShapes.evolve(TABLE, List.of(new Column("phone", "string"),
                new Column("name", "string"), new Column("id", "int")), Set.of(), false);

        assertThat(evolution.columns()).extracting(Column::name).containsExactly("id", "name", "geo", "phone");
        assertThat(evolution.added()).containsExactly("phone");
        assertThat(evolution.changed()).isTrue();
    }

    @Test
    void shouldWidenWhereAthenaStillReadsTheOlderObjects() {
        TableShapes.Evolution evolution = TableShapes.evolve(TABLE, List.of(new Column("id", "bigint"),
                new Column("geo", "struct<lat:double,lon:double>")), Set.of(), false);

        assertThat(evolution.columns()).containsExactly(new Column("id", "bigint"), new Column("name", "string"),
                new Column("geo", "struct<lat:double,lon:double>"));
        assertThat(evolution.widened()).containsExactly("id int -> bigint",
                "geo struct<lat:double> -> struct<lat:double,lon:double>");
        assertThat(evolution.conflicts()).isEmpty();
    }

    @Test
    void shouldTakeFieldsAppendedToANestedStructOrToTheStructsOfAnArrayAsAnExtension() {
        List<Column> table = List.of(new Column("shop", "struct<id:int,geo:struct<lat:double>>"),
                new Column("lines", "array<struct<sku:string>>"), new Column("tags", "map<string,struct<v:int>>"));

        TableShapes.Evolution evolution = TableShapes.evolve(table, List.of(
                new Column("shop", "struct<id:int,geo:struct<lat:double,lon:double>>"),
                new Column("lines", "array<struct<sku:string,qty:bigint>>"),
                new Column("tags", "map<string,struct<v:bigint,w:string>>")), Set.of(), false);
        TableShapes.Evolution replayed = TableShapes.evolve(evolution.columns(), table, Set.of(), false);

        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns()).containsExactly(
                new Column("shop", "struct<id:int,geo:struct<lat:double,lon:double>>"),
                new Column("lines", "array<struct<sku:string,qty:bigint>>"),
                new Column("tags", "map<string,struct<v:bigint,w:string>>"));
        assertThat(evolution.widened()).hasSize(3);
        assertThat(replayed.changed()).isFalse();
        assertThat(replayed.conflicts()).isEmpty();
    }

    @Test
    void shouldReportANestedFieldInsertedOrRetypedAsAConflict() {
        List<Column> table = List.of(new Column("shop", "struct<id:int,geo:struct<lat:double>>"));

        TableShapes.Evolution inserted = TableShapes.evolve(table, List.of(
                new Column("shop", "struct<id:int,name:string,geo:struct<lat:double>>")), Set.of(), false);
        TableShapes.Evolution retyped = TableShapes.evolve(table, List.of(
                new Column("shop", "struct<id:string,geo:struct<lat:double>>")), Set.of(), false);

        assertThat(inserted.conflicts()).singleElement().asString().startsWith("column shop is struct<id:int,"
                + "geo:struct<lat:double>> in the table but struct<id:int,name:string,geo:struct<lat:double>>");
        assertThat(retyped.conflicts()).hasSize(1);
        assertThat(inserted.columns()).isEqualTo(table);
    }

    @Test
    void shouldWidenADecimalToMoreDigitsOfTheSameScaleAndReportAChangeOfScale() {
        List<Column> table = List.of(new Column("amount", "decimal(10,2)"), new Column("rate", "decimal(10,2)"));

        TableShapes.Evolution evolution = TableShapes.evolve(table, List.of(new Column("amount", "decimal(20,2)"),
                new Column("rate", "decimal(12,4)")), Set.of(), false);

        assertThat(evolution.columns()).containsExactly(new Column("amount", "decimal(20,2)"),
                new Column("rate", "decimal(10,2)"));
        assertThat(evolution.widened()).containsExactly("amount decimal(10,2) -> decimal(20,2)");
        assertThat(evolution.conflicts()).singleElement().asString()
                .startsWith("column rate is decimal(10,2) in the table but decimal(12,4) in the object");
    }

    @Test
    void shouldChangeNothingForAnOlderNarrowerObjectReplayed() {
        List<Column> wide = List.of(new Column("id", "bigint"), new Column("geo", "struct<lat:double,lon:double>"));

        TableShapes.Evolution evolution = TableShapes.evolve(wide, List.of(new Column("id", "int"),
                new Column("geo", "struct<lat:double>")), Set.of(), false);

        assertThat(evolution.changed()).isFalse();
        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns()).isEqualTo(wide);
    }

    @Test
    void shouldReportATypeChangeAthenaCannotReadAndKeepTheTableType() {
        TableShapes.Evolution evolution = TableShapes.evolve(TABLE, List.of(new Column("name", "int")), Set.of(),
                false);

        assertThat(evolution.changed()).isFalse();
        assertThat(evolution.columns()).isEqualTo(TABLE);
        assertThat(evolution.conflicts()).singleElement().asString()
                .contains("column name is string in the table but int in the object");
    }

    @Test
    void shouldLetAJsonTableReadAnyValueAsAStringAndIntegersAsDoubles() {
        List<Column> json = List.of(new Column("code", "bigint"), new Column("note", "string"));

        TableShapes.Evolution evolution = TableShapes.evolve(json, List.of(new Column("code", "double"),
                new Column("note", "bigint")), Set.of(), true);

        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns()).containsExactly(new Column("code", "double"), new Column("note", "string"));
    }

    @Test
    void shouldNeverMakeAPartitionKeyADataColumn() {
        TableShapes.Evolution evolution = TableShapes.evolve(TABLE, List.of(new Column("country", "string")),
                Set.of("country"), false);
        LakeObject object = LakeObject.resolve(new S3Location("lake",
                "topics/t/country=Chile/t+0+0000000000.snappy.parquet"), PipelineParser.parse("""
                sinks:
                  - name: s
                    topics: t
                    bucket: lake
                    partitioner: field
                    partition-fields: country
                """, "p.yaml", Map.of())).orElseThrow();

        TableInput table = TableShapes.table(object, List.of(new Column("id", "int"), new Column("country", "string")),
                List.of("country"));

        assertThat(evolution.changed()).isFalse();
        assertThat(table.storageDescriptor().columns()).extracting(c -> c.name()).containsExactly("id");
        assertThat(table.partitionKeys()).extracting(c -> c.name() + " " + c.type()).containsExactly("country string");
        assertThat(table.parameters()).containsEntry("classification", "parquet")
                .containsEntry("compressionType", "snappy")
                .containsEntry(TableShapes.PARTITION_COLUMNS, TableShapes.digest(List.of(new Column("id", "int"))));
        assertThat(table.storageDescriptor().location()).isEqualTo("s3://lake/topics/t/");
    }

    @Test
    void shouldGiveAPartitionWithAnOlderVersionOfTheColumnsTheTablesAndKeepTheRestOfIt() {
        List<Column> widened = List.of(new Column("id", "bigint"), new Column("name", "string"),
                new Column("geo", "struct<lat:double,lon:double>"), new Column("phone", "string"));
        Partition older = partition(TABLE);

        PartitionInput updated = TableShapes.withColumns(older, widened, false).orElseThrow();

        assertThat(updated.storageDescriptor().columns()).extracting(c -> c.name() + " " + c.type())
                .containsExactly("id bigint", "name string", "geo struct<lat:double,lon:double>", "phone string");
        assertThat(updated.values()).containsExactly("0");
        assertThat(updated.storageDescriptor().location()).isEqualTo("s3://lake/topics/t/partition=0/");
        assertThat(updated.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo(TableShapes.JSON_SERDE);
        assertThat(updated.parameters()).containsEntry("classification", "json");
    }

    @Test
    void shouldLeaveAPartitionAloneWhoseColumnsAreTheTablesOrNotAnOlderVersionOfThem() {
        List<Column> newer = List.of(new Column("id", "int"), new Column("name", "string"),
                new Column("geo", "struct<lat:double>"), new Column("phone", "string"));
        List<Column> other = List.of(new Column("id", "string"), new Column("name", "string"),
                new Column("geo", "struct<lat:double>"));

        assertThat(TableShapes.withColumns(partition(TABLE), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(partition(newer), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(partition(other), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(partition(List.of(new Column("code", "bigint"))),
                List.of(new Column("code", "string")), true)).isPresent();
        assertThat(TableShapes.withColumns(partition(List.of()), TABLE, false)).isPresent();
    }

    @Test
    void shouldRecordThatPartitionsHaveTheColumnsUntilTheColumnsChange() {
        Table created = Table.builder().name("t").partitionKeys(c -> c.name("partition").type("string"))
                .parameters(Map.of(TableShapes.PARTITION_COLUMNS, TableShapes.digest(TABLE)))
                .storageDescriptor(s -> s.columns(TABLE.stream().map(TableShapes::glueColumn).toList())).build();
        TableInput evolved = TableShapes.withColumns(created, List.of(new Column("id", "bigint")));
        Table evolvedTable = Table.builder().name("t").partitionKeys(created.partitionKeys())
                .parameters(evolved.parameters()).storageDescriptor(evolved.storageDescriptor()).build();
        TableInput marked = TableShapes.withPartitionsCurrent(evolvedTable);
        Table unpartitioned = evolvedTable.toBuilder().partitionKeys(List.of()).build();

        assertThat(TableShapes.partitionsCurrent(created)).isTrue();
        assertThat(TableShapes.partitionsCurrent(evolvedTable)).isFalse();
        assertThat(TableShapes.partitionsCurrent(evolvedTable.toBuilder().parameters(marked.parameters()).build()))
                .isTrue();
        assertThat(TableShapes.partitionsCurrent(unpartitioned)).isTrue();
        assertThat(marked.storageDescriptor()).isEqualTo(evolvedTable.storageDescriptor());
    }

    private static Partition partition(List<Column> columns) {
        return Partition.builder().values("0").parameters(Map.of("classification", "json"))
                .storageDescriptor(s -> s.location("s3://lake/topics/t/partition=0/")
                        .serdeInfo(d -> d.serializationLibrary(TableShapes.JSON_SERDE))
                        .columns(columns.stream().map(TableShapes::glueColumn).toList()))
                .build();
    }
}
