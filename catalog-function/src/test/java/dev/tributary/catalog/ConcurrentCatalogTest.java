package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.lake.PrestoView;
import dev.tributary.core.storage.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Many catalog invocations at once, as S3 events for a burst of new objects start them: each its own cold
 * container, each object in a partition of its own and with a column of its own. Every partition ends with every
 * column, whichever invocation created it and whichever evolved the table last.
 */
class ConcurrentCatalogTest {

    private static final int INVOCATIONS = 8;
    private static LocalCatalog local;

    @BeforeAll
    static void start() {
        local = new LocalCatalog("concurrent", """
                  - name: orders
                    topics: orders
                    bucket: ${bucket}
                    partitioner: field
                    partition-fields: region
                """);
    }

    @AfterAll
    static void close() {
        local.close();
    }

    @Test
    void shouldCreateOneTableWithEveryColumnPartitionAndTheLatestViewUnderConcurrentInvocations() throws Exception {
        List<S3Location> objects = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            Schema schema = SchemaBuilder.struct()
                    .field("id", Schema.INT64_SCHEMA)
                    .field("region", Schema.STRING_SCHEMA)
                    .field("extra_" + i, Schema.OPTIONAL_STRING_SCHEMA)
                    .build();
            Struct row = new Struct(schema)
                    .put("id", (long) i)
                    .put("region", "r" + i)
                    .put("extra_" + i, "x");
            objects.addAll(
                    local.write(List.of(local.record("orders", 0, i, Schema.INT64_SCHEMA, (long) i, schema, row))));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(INVOCATIONS);
        List<Future<CatalogResponse>> responses = new ArrayList<>();
        try {
            for (S3Location object : objects) {
                CatalogService coldContainer = local.catalog();
                responses.add(pool.submit(() -> {
                    start.await();
                    return coldContainer.handle(LocalCatalog.created(object));
                }));
            }
            start.countDown();
            List<CatalogResponse> results = new ArrayList<>();
            for (Future<CatalogResponse> response : responses) {
                results.add(response.get(2, TimeUnit.MINUTES));
            }

            assertThat(results)
                    .flatExtracting(CatalogResponse::tablesCreated)
                    .containsExactly(local.database + ".orders");
            assertThat(results).flatExtracting(CatalogResponse::problems).isEmpty();
            assertThat(results.stream()
                            .mapToInt(CatalogResponse::partitionsCreated)
                            .sum())
                    .isEqualTo(INVOCATIONS);
        } finally {
            pool.shutdownNow();
        }
        Table table = local.glue
                .getTable(b -> b.databaseName(local.database).name("orders"))
                .table();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            expected.add("extra_" + i);
        }
        assertThat(table.storageDescriptor().columns())
                .extracting(Column::name)
                .containsAll(expected)
                .doesNotContain("region")
                .doesNotHaveDuplicates();
        assertThat(local.glue
                        .getPartitions(b -> b.databaseName(local.database).tableName("orders"))
                        .partitions())
                .hasSize(INVOCATIONS)
                .allSatisfy(p -> assertThat(p.storageDescriptor().columns())
                        .isEqualTo(table.storageDescriptor().columns()));
        Table view = local.glue
                .getTable(b -> b.databaseName(local.database).name("orders_current"))
                .table();
        assertThat(view.storageDescriptor().columns()).extracting(Column::name).containsAll(expected);
        assertThat(PrestoView.sqlOf(view.viewOriginalText())).contains("\"extra_7\"");
    }
}
