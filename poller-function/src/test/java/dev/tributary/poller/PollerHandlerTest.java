package dev.tributary.poller;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PollerHandlerTest {

    @Test
    void shouldTreatAnEventBridgeScheduledEventAsAPollOfEverySource() throws IOException {
        given().contentType("application/json").accept("application/json").body(fixture("scheduled-event.json"))
                .when().post()
                .then().statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("sources", empty());
    }

    @Test
    void shouldTreatAManualInvokeAsABackfillOfTheNamedSources() throws IOException {
        given().contentType("application/json").accept("application/json").body(fixture("backfill.json"))
                .when().post()
                .then().statusCode(200)
                .body("trigger", equalTo("manual"))
                .body("sources", contains("pagila.query"));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = PollerHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
