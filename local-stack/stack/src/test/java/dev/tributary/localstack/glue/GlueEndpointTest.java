package dev.tributary.localstack.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionFailureEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.ValidationException;

/** Drives the local Glue endpoint only through the AWS SDK's GlueClient, as the catalog function does. */
class GlueEndpointTest {

    private static final String ACCESS_KEY = "tributary-local";

    private static GlueServer server;
    private static GlueClient glue;

    @BeforeAll
    static void start() {
        server = GlueServer.start(Optional.empty(), ACCESS_KEY);
        glue = client(server.uri(), ACCESS_KEY);
        glue.createDatabase(b -> b.databaseInput(d -> d.name("Lake").description("the lake")));
        glue.createTable(b -> b.databaseName("lake").tableInput(queryTable()));
    }

    @AfterAll
    static void stop() {
        glue.close();
        server.close();
    }

    @Test
    void shouldStoreDatabaseAndTableNamesInLowerCase() {
        assertThat(glue.getDatabase(b -> b.name("LAKE")).database().name()).isEqualTo("lake");
        Table table =
                glue.getTable(b -> b.databaseName("lake").name("Pagila_Query")).table();
        assertThat(table.name()).isEqualTo("pagila_query");
        assertThat(table.databaseName()).isEqualTo("lake");
        assertThat(table.tableType()).isEqualTo("EXTERNAL_TABLE");
        assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("country");
        assertThat(table.storageDescriptor().columns())
                .extracting(Column::name)
                .containsExactly("address_id", "address", "last_update");
        assertThat(table.createTime()).isNotNull();
    }

    @Test
    void shouldCreateAndReadPartitionsSingleAndInBatches() {
        glue.createPartition(
                b -> b.databaseName("lake").tableName("pagila_query").partitionInput(partition("Canada")));
        BatchCreatePartitionResponse batch = glue.batchCreatePartition(b -> b.databaseName("lake")
                .tableName("pagila_query")
                .partitionInputList(partition("Canada"), partition("United States"), partition("Brazil")));

        assertThat(batch.errors()).hasSize(1);
        assertThat(batch.errors().get(0).partitionValues()).containsExactly("Canada");
        assertThat(batch.errors().get(0).errorDetail().errorCode()).isEqualTo("AlreadyExistsException");
        Partition us = glue.getPartition(
                        b -> b.databaseName("lake").tableName("pagila_query").partitionValues("United States"))
                .partition();
        assertThat(us.storageDescriptor().location()).isEqualTo("s3://lake/topics/pagila.query/country=United States/");
        assertThat(us.tableName()).isEqualTo("pagila_query");
        List<Partition> got = glue.batchGetPartition(b -> b.databaseName("lake")
                        .tableName("pagila_query")
                        .partitionsToGet(values("Brazil"), values("Atlantis")))
                .partitions();
        assertThat(got).extracting(p -> p.values().get(0)).containsExactly("Brazil");
        List<String> filtered = glue
                .getPartitions(b -> b.databaseName("lake")
                        .tableName("pagila_query")
                        .expression("country IN ('Brazil', 'Canada') AND NOT country = 'Canada'"))
                .partitions()
                .stream()
                .map(p -> p.values().get(0))
                .toList();
        assertThat(filtered).containsExactly("Brazil");
    }

    @Test
    void shouldPageThroughManyPartitions() {
        glue.createTable(b -> b.databaseName("lake")
                .tableInput(t -> t.name("paged")
                        .tableType("EXTERNAL_TABLE")
                        .partitionKeys(Column.builder().name("day").type("int").build())
                        .storageDescriptor(s -> s.location("s3://lake/paged/"))));
        for (int start = 0; start < 250; start += 100) {
            List<PartitionInput> inputs = new ArrayList<>();
            for (int day = start; day < Math.min(250, start + 100); day++) {
                inputs.add(
                        PartitionInput.builder().values(Integer.toString(day)).build());
            }
            assertThat(glue.batchCreatePartition(b ->
                                    b.databaseName("lake").tableName("paged").partitionInputList(inputs))
                            .errors())
                    .isEmpty();
        }

        List<String> all = new ArrayList<>();
        glue
                .getPartitionsPaginator(
                        b -> b.databaseName("lake").tableName("paged").maxResults(40))
                .stream()
                .flatMap(r -> r.partitions().stream())
                .forEach(p -> all.add(p.values().get(0)));
        long numericRange = glue
                .getPartitionsPaginator(
                        b -> b.databaseName("lake").tableName("paged").expression("day >= 9 AND day < 100"))
                .stream()
                .mapToLong(r -> r.partitions().size())
                .sum();

        assertThat(all).hasSize(250).doesNotHaveDuplicates();
        assertThat(numericRange).isEqualTo(91);
    }

    @Test
    void shouldReplaceThePartitionsOfABatchAndReportEachEntryItCannotApply() {
        glue.createTable(b -> b.databaseName("lake")
                .tableInput(t -> t.name("updated")
                        .partitionKeys(
                                Column.builder().name("day").type("string").build())
                        .storageDescriptor(s -> s.location("s3://lake/updated/"))));
        glue.batchCreatePartition(b -> b.databaseName("lake")
                .tableName("updated")
                .partitionInputList(
                        PartitionInput.builder()
                                .values("1")
                                .parameters(java.util.Map.of("kept", "no"))
                                .storageDescriptor(s ->
                                        s.location("s3://lake/updated/day=1/").columns(column("a", "int")))
                                .build(),
                        PartitionInput.builder()
                                .values("2")
                                .storageDescriptor(s ->
                                        s.location("s3://lake/updated/day=2/").columns(column("a", "int")))
                                .build()));
        Partition before = glue.getPartition(
                        b -> b.databaseName("lake").tableName("updated").partitionValues("1"))
                .partition();

        BatchUpdatePartitionResponse response = glue.batchUpdatePartition(b -> b.databaseName("lake")
                .tableName("Updated")
                .entries(
                        entry(
                                List.of("1"),
                                PartitionInput.builder()
                                        .values("1")
                                        .storageDescriptor(s -> s.location("s3://lake/updated/day=1/")
                                                .columns(column("a", "bigint"), column("b", "string")))
                                        .build()),
                        entry(List.of("3"), PartitionInput.builder().values("3").build()),
                        entry(
                                List.of("2", "extra"),
                                PartitionInput.builder().values("2").build()),
                        entry(List.of("2"), PartitionInput.builder().values("1").build())));

        assertThat(response.errors())
                .extracting(BatchUpdatePartitionFailureEntry::partitionValueList)
                .containsExactly(List.of("3"), List.of("2", "extra"), List.of("2"));
        assertThat(response.errors())
                .extracting(e -> e.errorDetail().errorCode())
                .containsExactly("EntityNotFoundException", "InvalidInputException", "AlreadyExistsException");
        assertThat(response.errors().get(0).errorDetail().errorMessage()).isEqualTo("Cannot find partition.");
        Partition after = glue.getPartition(
                        b -> b.databaseName("lake").tableName("updated").partitionValues("1"))
                .partition();
        assertThat(after.storageDescriptor().columns()).containsExactly(column("a", "bigint"), column("b", "string"));
        assertThat(after.parameters()).isEmpty();
        assertThat(after.creationTime()).isEqualTo(before.creationTime());
        assertThat(after.tableName()).isEqualTo("updated");
        assertThat(glue.getPartition(
                                b -> b.databaseName("lake").tableName("updated").partitionValues("2"))
                        .partition()
                        .storageDescriptor()
                        .columns())
                .containsExactly(column("a", "int"));
    }

    @Test
    void shouldUpdateOnePartitionMovingItWhenItsValuesChange() {
        glue.createTable(b -> b.databaseName("lake")
                .tableInput(t -> t.name("moved")
                        .partitionKeys(
                                Column.builder().name("day").type("string").build())
                        .storageDescriptor(s -> s.location("s3://lake/moved/"))));
        glue.batchCreatePartition(b -> b.databaseName("lake")
                .tableName("moved")
                .partitionInputList(
                        PartitionInput.builder().values("1").build(),
                        PartitionInput.builder().values("2").build()));

        glue.updatePartition(b -> b.databaseName("lake")
                .tableName("moved")
                .partitionValueList("1")
                .partitionInput(p -> p.values("1").storageDescriptor(s -> s.columns(column("a", "int")))));
        glue.updatePartition(b -> b.databaseName("lake")
                .tableName("moved")
                .partitionValueList("2")
                .partitionInput(p -> p.values("3")));

        assertThat(glue.getPartition(
                                b -> b.databaseName("lake").tableName("moved").partitionValues("1"))
                        .partition()
                        .storageDescriptor()
                        .columns())
                .containsExactly(column("a", "int"));
        assertThat(glue.getPartitions(b -> b.databaseName("lake").tableName("moved"))
                        .partitions())
                .extracting(p -> p.values().get(0))
                .containsExactly("1", "3");
        assertThatThrownBy(() -> glue.updatePartition(b -> b.databaseName("lake")
                        .tableName("moved")
                        .partitionValueList("2")
                        .partitionInput(p -> p.values("2"))))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Cannot find partition.");
        assertThatThrownBy(() -> glue.updatePartition(b -> b.databaseName("lake")
                        .tableName("moved")
                        .partitionValueList("3")
                        .partitionInput(p -> p.values("1"))))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void shouldAnswerEntityNotFoundWhenTheTableOrDatabaseOfAPartitionUpdateIsMissing() {
        BatchUpdatePartitionRequestEntry entry = entry(List.of("Canada"), partition("Canada"));

        assertThatThrownBy(() -> glue.batchUpdatePartition(
                        b -> b.databaseName("lake").tableName("nothing").entries(entry)))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Table nothing not found.");
        assertThatThrownBy(() -> glue.batchUpdatePartition(
                        b -> b.databaseName("nowhere").tableName("pagila_query").entries(entry)))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Database nowhere not found.");
        assertThatThrownBy(() -> glue.updatePartition(b -> b.databaseName("lake")
                        .tableName("nothing")
                        .partitionValueList("Canada")
                        .partitionInput(partition("Canada"))))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void shouldRejectPartitionUpdatesThatBreakGluesModelConstraints() {
        List<BatchUpdatePartitionRequestEntry> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(entry(List.of("c" + i), partition("c" + i)));
        }

        assertThatThrownBy(() -> glue.batchUpdatePartition(
                        b -> b.databaseName("lake").tableName("pagila_query").entries(List.of())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'entries' failed to satisfy constraint: Member must have length greater"
                        + " than or equal to 1");
        assertThatThrownBy(() -> glue.batchUpdatePartition(
                        b -> b.databaseName("lake").tableName("pagila_query").entries(tooMany)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length less than or equal to 100");
        assertThatThrownBy(() ->
                        glue.batchUpdatePartition(b -> b.databaseName("lake").tableName("pagila_query")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'entries' failed to satisfy constraint: Member must not be null");
        assertThatThrownBy(() -> glue.batchUpdatePartition(b -> b.databaseName("lake")
                        .tableName("pagila_query")
                        .entries(
                                BatchUpdatePartitionRequestEntry.builder()
                                        .partitionValueList("Canada")
                                        .build(),
                                entry(
                                        List.of("Chile"),
                                        PartitionInput.builder()
                                                .values("Chile")
                                                .storageDescriptor(s -> s.columns(Column.builder()
                                                        .type("int")
                                                        .build()))
                                                .build()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2 validation errors detected")
                .hasMessageContaining("Value null at 'entries.1.member.partitionInput'")
                .hasMessageContaining(
                        "Value null at 'entries.2.member.partitionInput.storageDescriptor.columns.1" + ".member.name'");
        assertThatThrownBy(() -> glue.updatePartition(
                        b -> b.databaseName("lake").tableName("pagila_query").partitionInput(partition("Canada"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'partitionValueList' failed to satisfy constraint");
    }

    @Test
    void shouldEvolveATableAndRefuseAStaleVersion() {
        glue.createTable(b -> b.databaseName("lake")
                .tableInput(t -> t.name("evolving")
                        .storageDescriptor(s ->
                                s.columns(Column.builder().name("a").type("int").build()))));
        String version = glue.getTable(b -> b.databaseName("lake").name("evolving"))
                .table()
                .versionId();

        glue.updateTable(b -> b.databaseName("lake")
                .versionId(version)
                .tableInput(t -> t.name("evolving")
                        .storageDescriptor(s -> s.columns(
                                Column.builder().name("a").type("int").build(),
                                Column.builder().name("b").type("string").build()))));

        assertThat(glue.getTable(b -> b.databaseName("lake").name("evolving"))
                        .table()
                        .storageDescriptor()
                        .columns())
                .extracting(Column::name)
                .containsExactly("a", "b");
        assertThatThrownBy(() -> glue.updateTable(
                        b -> b.databaseName("lake").versionId(version).tableInput(t -> t.name("evolving"))))
                .isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void shouldKeepColumnStatisticsAndDeleteThemIdempotentlyAsGlueDoes() {
        glue.updateColumnStatisticsForTable(b -> b.databaseName("lake")
                .tableName("pagila_query")
                .columnStatisticsList(c -> c.columnName("address_id")
                        .columnType("int")
                        .analyzedTime(Instant.parse("2026-12-05T00:00:00Z"))
                        .statisticsData(d -> d.type("LONG")
                                .longColumnStatisticsData(l -> l.minimumValue(1L)
                                        .maximumValue(600L)
                                        .numberOfNulls(0L)
                                        .numberOfDistinctValues(600L)))));

        var kept = glue.getColumnStatisticsForTable(
                b -> b.databaseName("lake").tableName("pagila_query").columnNames("address_id", "address"));
        glue.deleteColumnStatisticsForTable(
                b -> b.databaseName("lake").tableName("pagila_query").columnName("address_id"));
        // Statistics a column does not have: Glue answers success (Trino's CTAS relies on it).
        glue.deleteColumnStatisticsForTable(
                b -> b.databaseName("lake").tableName("pagila_query").columnName("address"));
        var deleted = glue.getColumnStatisticsForTable(
                b -> b.databaseName("lake").tableName("pagila_query").columnNames("address_id"));

        assertThat(kept.columnStatisticsList())
                .singleElement()
                .satisfies(c -> assertThat(
                                c.statisticsData().longColumnStatisticsData().maximumValue())
                        .isEqualTo(600L));
        assertThat(deleted.columnStatisticsList()).isEmpty();
        assertThatThrownBy(() -> glue.deleteColumnStatisticsForTable(
                        b -> b.databaseName("lake").tableName("missing").columnName("address")))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void shouldAnswerEntityNotFoundForMissingDatabaseTableAndPartition() {
        assertThatThrownBy(() -> glue.getDatabase(b -> b.name("nowhere")))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Database nowhere not found.");
        assertThatThrownBy(() -> glue.getTable(b -> b.databaseName("lake").name("nothing")))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Table nothing not found.");
        assertThatThrownBy(() -> glue.createTable(b -> b.databaseName("nowhere").tableInput(t -> t.name("t"))))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> glue.getPartition(
                        b -> b.databaseName("lake").tableName("pagila_query").partitionValues("Atlantis")))
                .isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Cannot find partition.");
        assertThatThrownBy(() -> glue.deleteTable(b -> b.databaseName("lake").name("nothing")))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void shouldAnswerAlreadyExistsForDuplicates() {
        assertThatThrownBy(() -> glue.createDatabase(b -> b.databaseInput(d -> d.name("lake"))))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> glue.createTable(b -> b.databaseName("lake").tableInput(queryTable())))
                .isInstanceOf(AlreadyExistsException.class);
        glue.createPartition(
                b -> b.databaseName("lake").tableName("pagila_query").partitionInput(partition("Chad")));
        assertThatThrownBy(() -> glue.createPartition(
                        b -> b.databaseName("lake").tableName("pagila_query").partitionInput(partition("Chad"))))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void shouldAnswerInvalidInputWhenValuesDoNotMatchPartitionKeys() {
        assertThatThrownBy(() -> glue.createPartition(b -> b.databaseName("lake")
                        .tableName("pagila_query")
                        .partitionInput(p -> p.values("Canada", "extra"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("The number of partition keys do not match the number of partition values");
        assertThatThrownBy(() -> glue.getPartitions(
                        b -> b.databaseName("lake").tableName("pagila_query").expression("planet = 'Mars'")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("planet");
        List<PartitionInput> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(partition("c" + i));
        }
        assertThatThrownBy(() -> glue.batchCreatePartition(
                        b -> b.databaseName("lake").tableName("pagila_query").partitionInputList(tooMany)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void shouldRejectInputThatBreaksGluesModelConstraints() {
        assertThatThrownBy(() -> glue.createTable(b -> b.databaseName("lake").tableInput(t -> t.description("x"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'tableInput.name' failed to satisfy constraint");
        assertThatThrownBy(() -> glue.createDatabase(b -> b.databaseInput(d -> d.name("two\nlines"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must satisfy regular expression pattern");
        assertThatThrownBy(() -> glue.createTable(b -> b.databaseName("lake").tableInput(t -> t.name("x".repeat(256)))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length less than or equal to 255");
    }

    @Test
    void shouldRejectRequestsSignedWithAnotherAccessKey() {
        try (GlueClient stranger = client(server.uri(), "someone-else")) {
            assertThatThrownBy(() -> stranger.getDatabases(b -> {}))
                    .isInstanceOf(GlueException.class)
                    .hasMessageContaining("security token included in the request is invalid");
        }
    }

    @Test
    void shouldKeepTheCatalogAcrossRestartsWhenGivenADirectory(@TempDir Path directory) {
        try (GlueServer first = GlueServer.start(Optional.of(directory), ACCESS_KEY);
                GlueClient client = client(first.uri(), ACCESS_KEY)) {
            client.createDatabase(b -> b.databaseInput(d -> d.name("kept")));
            client.createTable(b -> b.databaseName("kept").tableInput(queryTable()));
            client.createPartition(
                    b -> b.databaseName("kept").tableName("pagila_query").partitionInput(partition("Canada")));
            client.batchUpdatePartition(b -> b.databaseName("kept")
                    .tableName("pagila_query")
                    .entries(entry(
                            List.of("Canada"),
                            partition("Canada").toBuilder()
                                    .storageDescriptor(s -> s.columns(column("phone", "string")))
                                    .build())));
        }
        try (GlueServer second = GlueServer.start(Optional.of(directory), ACCESS_KEY);
                GlueClient client = client(second.uri(), ACCESS_KEY)) {
            List<Partition> kept = client.getPartitions(
                            b -> b.databaseName("kept").tableName("pagila_query"))
                    .partitions();
            assertThat(kept).extracting(p -> p.values().get(0)).containsExactly("Canada");
            assertThat(kept.get(0).storageDescriptor().columns()).containsExactly(column("phone", "string"));
        }
    }

    private static TableInput queryTable() {
        return TableInput.builder()
                .name("Pagila_Query")
                .tableType("EXTERNAL_TABLE")
                .parameters(java.util.Map.of("classification", "parquet"))
                .partitionKeys(Column.builder().name("country").type("string").build())
                .storageDescriptor(StorageDescriptor.builder()
                        .location("s3://lake/topics/pagila.query/")
                        .columns(
                                Column.builder().name("address_id").type("int").build(),
                                Column.builder().name("address").type("string").build(),
                                Column.builder()
                                        .name("last_update")
                                        .type("timestamp")
                                        .build())
                        .build())
                .build();
    }

    private static PartitionInput partition(String country) {
        return PartitionInput.builder()
                .values(country)
                .storageDescriptor(s -> s.location("s3://lake/topics/pagila.query/country=" + country + "/"))
                .build();
    }

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }

    private static BatchUpdatePartitionRequestEntry entry(List<String> values, PartitionInput input) {
        return BatchUpdatePartitionRequestEntry.builder()
                .partitionValueList(values)
                .partitionInput(input)
                .build();
    }

    private static PartitionValueList values(String... values) {
        return PartitionValueList.builder().values(values).build();
    }

    private static GlueClient client(URI endpoint, String accessKeyId) {
        return GlueClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, "tributary-local-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
