package dev.tributary.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The Lambda entry point, driven with S3 events in the formats EventBridge and S3 notifications deliver, and with a
 * manual resync. The Glue client is the function's own, pointed at the local endpoint by the SDK's standard
 * endpoint setting.
 */
@QuarkusTest
@QuarkusTestResource(value = CatalogHandlerTest.Lake.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogHandlerTest {

    /** The bucket the fixtures name; each run gets a Glue database of its own. */
    static final String BUCKET = "tributary-lake";

    private static final String OBJECT =
            "s3://tributary-lake/topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet";

    @Test
    @Order(1)
    void shouldRegisterTheObjectOfAnEventBridgeObjectCreatedEvent() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("s3-object-created-eventbridge.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("objects", contains(OBJECT))
                .body("tablesCreated", contains(Lake.database + ".pagila_query"))
                .body("partitionsCreated", org.hamcrest.Matchers.equalTo(1))
                .body("problems", empty());

        Table table = Lake.local
                .glue
                .getTable(b -> b.databaseName(Lake.database).name("pagila_query"))
                .table();
        assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("country");
        assertThat(table.storageDescriptor().columns())
                .extracting(Column::name)
                .contains("address_id", "district")
                .doesNotContain("country");
    }

    @Test
    @Order(2)
    void shouldDecodeTheUrlEncodedKeyOfAClassicS3NotificationAndChangeNothingTheSecondTime() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("s3-notification.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("objects", contains(OBJECT))
                .body("tablesCreated", empty())
                .body("partitionsCreated", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    @Order(3)
    void shouldRegisterWhatIsMissingUnderAPrefixOnResync() throws IOException {
        S3Location canada = Lake.local.write(List.of(Lake.record(7, "Canada"))).get(0);

        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("resync.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("partitionsCreated", org.hamcrest.Matchers.equalTo(1));

        assertThat(Lake.local
                        .glue
                        .getPartitions(b -> b.databaseName(Lake.database).tableName("pagila_query"))
                        .partitions())
                .extracting(p -> p.values().get(0))
                .containsExactlyInAnyOrder("United States", "Canada");
        assertThat(canada.key()).startsWith("topics/pagila.query/country=Canada/");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CatalogHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The fixtures' bucket on the local S3 server holding the object they name, written by the real sink, and the
     * SDK's standard system properties pointing the function's Glue client at the local Glue endpoint.
     */
    public static class Lake implements QuarkusTestResourceLifecycleManager {

        static final Schema ROW = SchemaBuilder.struct()
                .field("address_id", Schema.INT32_SCHEMA)
                .field("district", Schema.STRING_SCHEMA)
                .field("country", Schema.STRING_SCHEMA)
                .build();
        static LocalCatalog local;
        static String database;
        private static final List<String> PROPERTIES =
                List.of("aws.endpointUrlGlue", "aws.region", "aws.accessKeyId", "aws.secretAccessKey");
        private final Map<String, String> previous = new HashMap<>();

        @Override
        public Map<String, String> start() {
            local = LocalCatalog.inBucket(BUCKET, """
                      - name: query
                        topics: pagila.query
                        bucket: ${bucket}
                        partitioner: field
                        partition-fields: country
                        compression: gzip
                    """);
            database = local.database;
            S3Location written =
                    local.write(List.of(record(3, "United States"))).get(0);
            assertThat("s3://" + written.bucket() + "/" + written.key()).isEqualTo(OBJECT);
            // As on AWS, the pipeline is read from S3: a directory (a prefix) holding the file.
            local.s3.putObject(
                    b -> b.bucket(BUCKET).key("config/" + database + "/pipeline.yaml"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(local.pipelineYaml()));

            AwsEndpoint glue = LocalStack.shared().glue();
            for (String property : PROPERTIES) {
                previous.put(property, System.getProperty(property));
            }
            System.setProperty("aws.endpointUrlGlue", glue.uri().toString());
            System.setProperty("aws.region", glue.region());
            System.setProperty("aws.accessKeyId", glue.accessKeyId());
            System.setProperty("aws.secretAccessKey", glue.secretAccessKey());

            AwsEndpoint s3 = LocalStack.shared().s3();
            Map<String, String> config = new HashMap<>();
            config.put("tributary.config", "s3://" + BUCKET + "/config/" + database + "/");
            config.putAll(s3.quarkusClientConfig("s3"));
            return config;
        }

        static dev.tributary.sink.event.InputRecord record(long offset, String country) {
            return local.record(
                    "pagila.query",
                    0,
                    offset,
                    Schema.INT32_SCHEMA,
                    (int) offset,
                    ROW,
                    new Struct(ROW)
                            .put("address_id", (int) offset)
                            .put("district", "D" + offset)
                            .put("country", country));
        }

        @Override
        public void stop() {
            previous.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
            local.close();
        }
    }
}
