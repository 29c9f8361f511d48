package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.fault.Answer;
import dev.tributary.localstack.fault.Fault;
import dev.tributary.localstack.fault.FaultProxy;
import dev.tributary.localstack.fault.ProxiedRequest;
import dev.tributary.localstack.lambda.InvocationContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The catalog's S3 failures, provoked for real (a bucket that does not exist) or at the wire by a fault proxy in
 * front of the local S3 server, become catalog failures of the right kind, which the handler acts on: one that may
 * pass is tried again within the invocation, a permanent one fails it at once, saying what to change.
 */
class S3ErrorsTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .build();
    private static final String SINKS = """
              - name: items
                topics: shop.items
                bucket: ${bucket}
                format: json
            """;

    private static final String PARQUET_SINKS = """
              - name: items
                topics: shop.items
                bucket: ${bucket}
            """;

    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        proxy = FaultProxy.start("s3", LocalStack.shared().s3().uri());
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void shouldReadAJsonObjectAgainWhenTheConnectionDropsWhileItStreams() {
        assertRegisteredDespite(
                "cut", SINKS, read -> proxy.cutShort("cut short", read, 1).times(1), 1);
    }

    @Test
    void shouldReadAParquetFooterAgainWhenTheConnectionDropsWhileItStreams() {
        assertRegisteredDespite(
                "cutparquet",
                PARQUET_SINKS,
                read -> proxy.cutShort("cut short", read, 1).times(1),
                1);
    }

    @Test
    void shouldRegisterTheObjectWithinTheInvocationWhenS3ThrottlesItsReadForAWhile() {
        Answer slowDown = Answer.s3(503, "SlowDown", "Please reduce your request rate.");

        // Every throttled attempt, the SDK's and the handler's.
        assertRegisteredDespite(
                "slow", SINKS, read -> proxy.answer("503", read, 1, slowDown).times(6), 6);
    }

    @Test
    void shouldFailAtOnceSayingWhatToChangeWhenTheObjectsReadIsDenied() {
        try (LocalCatalog lake = new LocalCatalog("denied", SINKS);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault denied = proxy.answer("403", objectRead(lake), 1, Answer.s3(403, "AccessDenied", "Access Denied"));

            assertThatThrownBy(() -> handler(lake, proxied)
                            .handleRequest(LocalCatalog.created(object), new InvocationContext("catalog", 30_000)))
                    .isInstanceOfSatisfying(
                            CatalogException.class,
                            e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("Cannot read " + object + " because AccessDenied (403): Access Denied")
                    .hasMessageContaining("allow the catalog's role s3:GetObject");
            assertThat(denied.applied()).isEqualTo(1);
        }
    }

    @Test
    void shouldResyncWithinTheInvocationWhenTheListingDropsForAWhile() {
        try (LocalCatalog lake = new LocalCatalog("dropped", SINKS);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            write(lake);
            Fault dropped = proxy.drop("dropped", listing(lake), 1).times(6);

            CatalogResponse response =
                    handler(lake, proxied).handleRequest(resync(), new InvocationContext("catalog", 30_000));

            assertThat(dropped.applied()).isEqualTo(6);
            assertThat(response.partitionsCreated()).isEqualTo(1);
        }
    }

    @Test
    void shouldFailAtOnceSayingWhatToChangeWhenTheResyncedBucketDoesNotExist() {
        try (LocalCatalog lake = new LocalCatalog("nobucket", """
                  - name: items
                    topics: shop.items
                    bucket: ${bucket}-gone
                    format: json
                """)) {
            assertThatThrownBy(() ->
                            handler(lake, lake.s3).handleRequest(resync(), new InvocationContext("catalog", 30_000)))
                    .isInstanceOfSatisfying(
                            CatalogException.class,
                            e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining(
                            "Cannot list s3://" + lake.bucket + "-gone/topics/ because NoSuchBucket (404)");
        }
    }

    /**
     * Writes an object to a lake of its own and has the handler register it through the proxy, with a fault on the
     * object's reads; the object is registered within the invocation, after the fault struck {@code strikes} times.
     */
    private static void assertRegisteredDespite(
            String name, String sinks, Function<Predicate<ProxiedRequest>, Fault> fault, long strikes) {
        try (LocalCatalog lake = new LocalCatalog(name, sinks);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault injected = fault.apply(objectRead(lake));

            CatalogResponse response = handler(lake, proxied)
                    .handleRequest(LocalCatalog.created(object), new InvocationContext("catalog", 30_000));

            assertThat(injected.applied()).isEqualTo(strikes);
            assertThat(response.problems()).isEmpty();
            assertThat(response.partitionsCreated()).isEqualTo(1);
        }
    }

    private static S3Location write(LocalCatalog lake) {
        return lake.write(List.of(lake.record(
                        "shop.items",
                        0,
                        0,
                        Schema.INT32_SCHEMA,
                        1,
                        ROW,
                        new Struct(ROW).put("id", 1).put("name", "one"))))
                .get(0);
    }

    /** GETs of the lake's data objects. */
    private static Predicate<ProxiedRequest> objectRead(LocalCatalog lake) {
        return r -> r.method().equals("GET") && r.path().startsWith("/" + lake.bucket + "/topics/");
    }

    /** Listings of the lake's bucket. */
    private static Predicate<ProxiedRequest> listing(LocalCatalog lake) {
        return r -> r.method().equals("GET")
                && (r.path().equals("/" + lake.bucket) || r.path().equals("/" + lake.bucket + "/"));
    }

    private static CatalogEvent resync() {
        return new CatalogEvent(null, null, null, new CatalogEvent.Resync("topics/", null));
    }

    private static CatalogHandler handler(LocalCatalog lake, S3Client s3) {
        CatalogHandler handler = new CatalogHandler();
        handler.catalog = new CatalogService(lake.pipeline(), s3, new GlueCatalog(lake.glue));
        return handler;
    }
}
