package dev.tributary.sink;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SinkHandlerTest {

    @Test
    void shouldReadAnMskEventSourceMappingBatchGroupedByTopicPartition() throws IOException {
        given().contentType("application/json").accept("application/json").body(fixture("msk-event.json"))
                .when().post()
                .then().statusCode(200)
                .body("records", equalTo(3))
                .body("topicPartitions", contains("pagila.public.alt-address-1", "pagila.query-0"));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SinkHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
