package dev.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.storage.S3Location;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

class TableShapesTest {

    private static final List<Column> TABLE =
            List.of(new Column("id", "int"), new Column("name", "string"), new Column("geo", "struct<lat:double>"));
    /** A JSON object of the default partitioner. */
    private static final LakeObject OBJECT = LakeObject.resolve(
                    new S3Location("lake", "topics/t/partition=0/t+0+0000000000.json"),
                    PipelineParser.parse("""
            sinks:
              - name: s
                topics: t
                bucket: lake
                format: json
            """, "p.yaml", Map.of()))
            .orElseThrow();

    @Test
    void shouldNeverMakeAPartitionKeyADataColumn() {
        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                TABLE, List.of(new Column("country", "string")), Set.of("country"), ColumnEvolution.Reading.PARQUET);
        LakeObject object = LakeObject.resolve(
                        new S3Location("lake", "topics/t/country=Chile/t+0+0000000000.snappy.parquet"),
                        PipelineParser.parse("""
                sinks:
                  - name: s
                    topics: t
                    bucket: lake
                    partitioner: field
                    partition-fields: country
                """, "p.yaml", Map.of()))
                .orElseThrow();

        TableInput table = TableShapes.table(
                object, List.of(new Column("id", "int"), new Column("country", "string")), List.of("country"), true);

        assertThat(evolution.changed()).isFalse();
        assertThat(table.storageDescriptor().columns())
                .extracting(c -> c.name())
                .containsExactly("id");
        assertThat(table.partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("country string");
        assertThat(table.parameters())
                .containsEntry("classification", "parquet")
                .containsEntry("compressionType", "snappy")
                .containsEntry(TableShapes.PARTITION_COLUMNS, TableShapes.digest(List.of(new Column("id", "int"))));
        assertThat(table.storageDescriptor().location()).isEqualTo("s3://lake/topics/t/");
    }

    @Test
    void shouldGiveAPartitionWithAnOlderVersionOfTheColumnsTheTablesAndKeepTheRestOfIt() {
        List<Column> widened = List.of(
                new Column("id", "bigint"),
                new Column("name", "string"),
                new Column("geo", "struct<lat:double,lon:double>"),
                new Column("phone", "string"));
        Partition older = partition(TABLE);

        PartitionInput updated = TableShapes.withColumns(older, widened, false).orElseThrow();

        assertThat(updated.storageDescriptor().columns())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("id bigint", "name string", "geo struct<lat:double,lon:double>", "phone string");
        assertThat(updated.values()).containsExactly("0");
        assertThat(updated.storageDescriptor().location()).isEqualTo("s3://lake/topics/t/partition=0/");
        assertThat(updated.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo(TableShapes.JSON_SERDE);
        assertThat(updated.parameters()).containsEntry("classification", "json");
    }

    @Test
    void shouldLeaveAPartitionAloneWhoseColumnsAreTheTablesOrNotAnOlderVersionOfThem() {
        List<Column> newer = List.of(
                new Column("id", "int"),
                new Column("name", "string"),
                new Column("geo", "struct<lat:double>"),
                new Column("phone", "string"));
        List<Column> other = List.of(
                new Column("id", "string"), new Column("name", "string"), new Column("geo", "struct<lat:double>"));

        assertThat(TableShapes.withColumns(partition(TABLE), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(partition(newer), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(partition(other), TABLE, false)).isEmpty();
        assertThat(TableShapes.withColumns(
                        partition(List.of(new Column("code", "bigint"))), List.of(new Column("code", "string")), true))
                .isPresent();
        assertThat(TableShapes.withColumns(partition(List.of()), TABLE, false)).isPresent();
    }

    @Test
    void shouldRecordThatPartitionsHaveTheColumnsUntilTheColumnsChange() {
        Table created = Table.builder()
                .name("t")
                .partitionKeys(c -> c.name("partition").type("string"))
                .parameters(Map.of(TableShapes.PARTITION_COLUMNS, TableShapes.digest(TABLE)))
                .storageDescriptor(s ->
                        s.columns(TABLE.stream().map(TableShapes::glueColumn).toList()))
                .build();
        TableInput evolved = TableShapes.withColumns(created, List.of(new Column("id", "bigint")), OBJECT, true);
        Table evolvedTable = Table.builder()
                .name("t")
                .partitionKeys(created.partitionKeys())
                .parameters(evolved.parameters())
                .storageDescriptor(evolved.storageDescriptor())
                .build();
        TableInput marked = TableShapes.withPartitionsCurrent(evolvedTable);
        Table unpartitioned = evolvedTable.toBuilder().partitionKeys(List.of()).build();

        assertThat(TableShapes.partitionsCurrent(created)).isTrue();
        assertThat(TableShapes.partitionsCurrent(evolvedTable)).isFalse();
        assertThat(TableShapes.partitionsCurrent(
                        evolvedTable.toBuilder().parameters(marked.parameters()).build()))
                .isTrue();
        assertThat(TableShapes.partitionsCurrent(unpartitioned)).isTrue();
        assertThat(marked.storageDescriptor()).isEqualTo(evolvedTable.storageDescriptor());
    }

    @Test
    void shouldTypeTheDefaultPartitionersKeyAsAnIntAndRetypeATableThatHasItAsAString() {
        Table older = Table.builder()
                .name("t")
                .partitionKeys(c -> c.name("partition").type("string"))
                .parameters(Map.of("classification", "json"))
                .storageDescriptor(s ->
                        s.columns(TABLE.stream().map(TableShapes::glueColumn).toList()))
                .build();

        TableInput created = TableShapes.table(OBJECT, TABLE, List.of("partition"), true);
        TableInput evolved = TableShapes.withColumns(older, TABLE, OBJECT, false);
        ColumnEvolution.Evolution same =
                ColumnEvolution.evolve(TABLE, TABLE, Set.of(), ColumnEvolution.Reading.JSON_INFERRED);

        assertThat(created.partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("partition int");
        assertThat(evolved.partitionKeys())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("partition int");
        assertThat(TableShapes.takesAsIs(older, OBJECT, false, same))
                .as("a key to retype")
                .isFalse();
    }

    @Test
    void shouldRecordThatAJsonTablesTypesAreDeclaredSoThatTheyAreRetypedOnce() {
        TableInput inferred = TableShapes.table(OBJECT, TABLE, List.of("partition"), false);
        TableInput declared = TableShapes.table(OBJECT, TABLE, List.of("partition"), true);
        Table legacy = Table.builder()
                .name("t")
                .partitionKeys(inferred.partitionKeys())
                .parameters(inferred.parameters())
                .storageDescriptor(inferred.storageDescriptor())
                .build();
        Table current = legacy.toBuilder().parameters(declared.parameters()).build();
        ColumnEvolution.Evolution same =
                ColumnEvolution.evolve(TABLE, TABLE, Set.of(), ColumnEvolution.Reading.JSON_RETYPING);

        assertThat(inferred.parameters()).doesNotContainKey(TableShapes.COLUMN_TYPES);
        assertThat(declared.parameters()).containsEntry(TableShapes.COLUMN_TYPES, "declared");
        assertThat(TableShapes.reading(legacy, OBJECT, true)).isEqualTo(ColumnEvolution.Reading.JSON_RETYPING);
        assertThat(TableShapes.reading(current, OBJECT, true)).isEqualTo(ColumnEvolution.Reading.JSON_DECLARED);
        assertThat(TableShapes.reading(current, OBJECT, false)).isEqualTo(ColumnEvolution.Reading.JSON_INFERRED);
        assertThat(TableShapes.takesAsIs(legacy, OBJECT, true, same))
                .as("the parameter to record")
                .isFalse();
        assertThat(TableShapes.takesAsIs(current, OBJECT, true, same)).isTrue();
        assertThat(TableShapes.withColumns(legacy, TABLE, OBJECT, true).parameters())
                .containsEntry(TableShapes.COLUMN_TYPES, "declared");
    }

    private static Partition partition(List<Column> columns) {
        return Partition.builder()
                .values("0")
                .parameters(Map.of("classification", "json"))
                .storageDescriptor(s -> s.location("s3://lake/topics/t/partition=0/")
                        .serdeInfo(d -> d.serializationLibrary(TableShapes.JSON_SERDE))
                        .columns(columns.stream().map(TableShapes::glueColumn).toList()))
                .build();
    }
}
