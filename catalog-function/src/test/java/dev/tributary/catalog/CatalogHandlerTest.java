package dev.tributary.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogHandlerTest {

    private static final String OBJECT =
            "s3://tributary-lake/topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet";

    @Test
    void shouldReadTheObjectOfAnEventBridgeObjectCreatedEvent() throws IOException {
        given().contentType("application/json").accept("application/json")
                .body(fixture("s3-object-created-eventbridge.json"))
                .when().post()
                .then().statusCode(200)
                .body("objects", contains(OBJECT));
    }

    @Test
    void shouldDecodeTheUrlEncodedKeyOfAClassicS3Notification() throws IOException {
        given().contentType("application/json").accept("application/json").body(fixture("s3-notification.json"))
                .when().post()
                .then().statusCode(200)
                .body("objects", contains(OBJECT));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CatalogHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
