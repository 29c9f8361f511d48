package dev.tributary.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.SdkSystemProperties;
import dev.tributary.sink.event.InputRecord;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The Lambda entry point, driven with S3 events in the formats EventBridge and S3 notifications deliver, and with a
 * manual resync. The Glue client is the function's own, pointed at the local endpoint by the SDK's standard
 * endpoint setting. The fixtures name topic {@code pagila.query}; each test gives them a topic (so a table) of its
 * own, and writes the object they name.
 */
@QuarkusTest
@QuarkusTestResource(value = CatalogHandlerTest.Lake.class, restrictToAnnotatedClass = true)
class CatalogHandlerTest {

    /** The bucket the fixtures name; each run gets a Glue database of its own. */
    static final String BUCKET = "tributary-lake";

    private static final String FIXTURE_TOPIC = "pagila.query";
    private static final Schema ROW = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .build();

    @Test
    void shouldRegisterTheObjectOfAnEventBridgeObjectCreatedEvent() throws IOException {
        S3Location object = write("pagila.eventbridge", 3, "United States");

        post(fixture("s3-object-created-eventbridge.json", "pagila.eventbridge"))
                .body("objects", contains(object.toString()))
                .body("tablesCreated", contains(Lake.local.database + ".pagila_eventbridge"))
                .body("partitionsCreated", equalTo(1))
                .body("problems", empty());

        Table table = Lake.local
                .glue
                .getTable(b -> b.databaseName(Lake.local.database).name("pagila_eventbridge"))
                .table();
        assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("country");
        assertThat(table.storageDescriptor().columns())
                .extracting(Column::name)
                .contains("address_id", "district")
                .doesNotContain("country");
    }

    @Test
    void shouldDecodeTheUrlEncodedKeyOfAClassicS3NotificationAndChangeNothingTheSecondTime() throws IOException {
        S3Location object = write("pagila.notified", 3, "United States");
        String notification = fixture("s3-notification.json", "pagila.notified");

        post(notification)
                .body("objects", contains(object.toString()))
                .body("tablesCreated", contains(Lake.local.database + ".pagila_notified"))
                .body("partitionsCreated", equalTo(1));
        post(notification)
                .body("objects", contains(object.toString()))
                .body("tablesCreated", empty())
                .body("partitionsCreated", equalTo(0));
    }

    @Test
    void shouldRegisterWhatIsMissingUnderAPrefixOnResync() throws IOException {
        write("pagila.resynced", 3, "United States");
        post(fixture("s3-object-created-eventbridge.json", "pagila.resynced"));
        write("pagila.resynced", 7, "Canada");

        post(fixture("resync.json", "pagila.resynced")).body("partitionsCreated", equalTo(1));

        assertThat(Lake.local
                        .glue
                        .getPartitions(b -> b.databaseName(Lake.local.database).tableName("pagila_resynced"))
                        .partitions())
                .extracting(p -> p.values().get(0))
                .containsExactlyInAnyOrder("United States", "Canada");
    }

    private static ValidatableResponse post(String event) {
        return given().contentType("application/json")
                .accept("application/json")
                .body(event)
                .when()
                .post()
                .then()
                .statusCode(200);
    }

    /** A fixture, naming {@code topic} where it names the fixtures' topic. */
    private static String fixture(String name, String topic) throws IOException {
        try (InputStream in = CatalogHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(FIXTURE_TOPIC, topic);
        }
    }

    /** Writes, with the real sink, the record at {@code offset} of Kafka partition 0 of a topic. */
    private static S3Location write(String topic, long offset, String country) {
        InputRecord record = Lake.local.record(
                topic,
                0,
                offset,
                Schema.INT32_SCHEMA,
                (int) offset,
                ROW,
                new Struct(ROW)
                        .put("address_id", (int) offset)
                        .put("district", "D" + offset)
                        .put("country", country));
        return Lake.local.write(List.of(record)).get(0);
    }

    /**
     * The fixtures' bucket on the local S3 server, the pipeline file in it, and the SDK's standard system properties
     * pointing the function's Glue client at the local Glue endpoint.
     */
    public static class Lake implements QuarkusTestResourceLifecycleManager {

        static LocalCatalog local;
        private SdkSystemProperties sdk;

        @Override
        public Map<String, String> start() {
            local = LocalCatalog.inBucket(BUCKET, """
                      - name: query
                        topics-regex: pagila\\..*
                        bucket: ${bucket}
                        partitioner: field
                        partition-fields: country
                        compression: gzip
                    """);
            // As on AWS, the pipeline is read from S3: a directory (a prefix) holding the file.
            local.s3.putObject(
                    b -> b.bucket(BUCKET).key("config/" + local.database + "/pipeline.yaml"),
                    RequestBody.fromString(local.pipelineYaml()));
            sdk = SdkSystemProperties.pointing("Glue", LocalStack.shared().glue());

            Map<String, String> config = new HashMap<>();
            config.put("tributary.config", "s3://" + BUCKET + "/config/" + local.database + "/");
            config.putAll(LocalStack.shared().s3().quarkusClientConfig("s3"));
            return config;
        }

        @Override
        public void stop() {
            sdk.close();
            local.close();
        }
    }
}
