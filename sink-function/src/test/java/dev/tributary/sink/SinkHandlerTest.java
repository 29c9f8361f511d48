package dev.tributary.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The Lambda entry point, driven with an MSK event in AWS's documented format. */
@QuarkusTest
@QuarkusTestResource(value = SinkHandlerTest.Lake.class, restrictToAnnotatedClass = true)
class SinkHandlerTest {

    @Test
    void shouldWriteAnMskBatchToTheLakeAndDeadLetterWhatItCannotDecode() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("msk-event.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("records", equalTo(3))
                .body("written", equalTo(2))
                .body("deadLettered", equalTo(1))
                .body("objects", hasSize(1));

        assertThat(Lake.lake.keys("topics/"))
                .containsExactly("topics/pagila.query/partition=0/pagila.query+0+0000000003.snappy.parquet");
        assertThat(Lake.lake.keys("dead-letter/"))
                .containsExactly("dead-letter/pagila.public.alt-address/1/0000000000.json");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SinkHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A bucket on the local S3 server, and a pipeline that writes both topics of the fixture to it. */
    public static class Lake implements QuarkusTestResourceLifecycleManager {

        static LocalLake lake;

        @Override
        public Map<String, String> start() {
            lake = new LocalLake("handler");
            // As on AWS, the pipeline is read from S3: a directory (a prefix) holding the file.
            lake.s3.putObject(
                    b -> b.bucket(lake.bucket).key("config/pipeline.yaml"),
                    RequestBody.fromString("""
                    sinks:
                      - name: all
                        topics: [pagila.query, pagila.public.alt-address]
                        bucket: %s
                    """.formatted(lake.bucket)));
            AwsEndpoint s3 = LocalStack.shared().s3();
            Map<String, String> config = new HashMap<>();
            config.put("tributary.config", "s3://" + lake.bucket + "/config/");
            config.putAll(s3.quarkusClientConfig("s3"));
            return config;
        }

        @Override
        public void stop() {
            lake.close();
        }
    }
}
