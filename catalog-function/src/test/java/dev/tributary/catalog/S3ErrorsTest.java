package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.fault.Answer;
import dev.tributary.localstack.fault.Fault;
import dev.tributary.localstack.fault.FaultProxy;
import dev.tributary.localstack.fault.ProxiedRequest;
import java.util.List;
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
        try (LocalCatalog lake = new LocalCatalog("cut", SINKS);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault cut = proxy.cutShort("cut short", objectRead(lake), 1).times(1);

            CatalogResponse response =
                    handler(lake, proxied).handleRequest(LocalCatalog.created(object), new Remaining(30_000));

            assertThat(cut.applied()).isEqualTo(1);
            assertThat(response.problems()).isEmpty();
            assertThat(response.partitionsCreated()).isEqualTo(1);
        }
    }

    @Test
    void shouldReadAParquetFooterAgainWhenTheConnectionDropsWhileItStreams() {
        try (LocalCatalog lake = new LocalCatalog("cutparquet", """
                  - name: items
                    topics: shop.items
                    bucket: ${bucket}
                """);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault cut = proxy.cutShort("cut short", objectRead(lake), 1).times(1);

            CatalogResponse response =
                    handler(lake, proxied).handleRequest(LocalCatalog.created(object), new Remaining(30_000));

            assertThat(cut.applied()).isEqualTo(1);
            assertThat(response.problems()).isEmpty();
            assertThat(response.partitionsCreated()).isEqualTo(1);
        }
    }

    @Test
    void shouldRegisterTheObjectWithinTheInvocationWhenS3ThrottlesItsReadForAWhile() {
        try (LocalCatalog lake = new LocalCatalog("slow", SINKS);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault slowDown = proxy.answer(
                            "503", objectRead(lake), 1, Answer.s3(503, "SlowDown", "Please reduce your request rate."))
                    .times(6);

            CatalogResponse response =
                    handler(lake, proxied).handleRequest(LocalCatalog.created(object), new Remaining(30_000));

            assertThat(slowDown.applied())
                    .as("every throttled attempt, the SDK's and the handler's")
                    .isEqualTo(6);
            assertThat(response.partitionsCreated()).isEqualTo(1);
        }
    }

    @Test
    void shouldFailAtOnceSayingWhatToChangeWhenTheObjectsReadIsDenied() {
        try (LocalCatalog lake = new LocalCatalog("denied", SINKS);
                S3Client proxied = lake.s3Client(proxy.uri())) {
            S3Location object = write(lake);
            Fault denied = proxy.answer("403", objectRead(lake), 1, Answer.s3(403, "AccessDenied", "Access Denied"));

            assertThatThrownBy(() ->
                            handler(lake, proxied).handleRequest(LocalCatalog.created(object), new Remaining(30_000)))
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

            CatalogResponse response = handler(lake, proxied).handleRequest(resync(), new Remaining(30_000));

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
            assertThatThrownBy(() -> handler(lake, lake.s3).handleRequest(resync(), new Remaining(30_000)))
                    .isInstanceOfSatisfying(
                            CatalogException.class,
                            e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining(
                            "Cannot list s3://" + lake.bucket + "-gone/topics/ because NoSuchBucket (404)");
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

    /** An invocation's context that has this much time left. */
    private record Remaining(int millis) implements Context {

        @Override
        public int getRemainingTimeInMillis() {
            return millis;
        }

        @Override
        public String getAwsRequestId() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "catalog";
        }

        @Override
        public String getFunctionVersion() {
            return null;
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
