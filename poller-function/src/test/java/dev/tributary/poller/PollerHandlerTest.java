package dev.tributary.poller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.tributary.localstack.sample.PagilaSample;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The Lambda entry point, driven with real EventBridge event JSON through Quarkus' Lambda event server. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PollerHandlerTest {

    @Test
    @Order(1)
    void shouldPollEverySourceOnAnEventBridgeScheduleAndReportWhatItDelivered() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("scheduled-event.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("rows", equalTo(PagilaSample.ADDRESSES + PagilaSample.CITIES + PagilaSample.COUNTRIES))
                .body("sources[0].source", equalTo("pagila.public."))
                .body("sources[0].relations.relation", hasItems("public.address", "public.city", "public.country"));

        assertThat(LocalStackResource.local.read(LocalStackResource.local.topicPrefix + "pagila.public.country"))
                .hasSize(PagilaSample.COUNTRIES);
    }

    @Test
    @Order(2)
    void shouldTakeTheTemplatesScheduleInputForAScheduledPollOfEverySource() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("schedule-input.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("sources.source", hasItems("pagila.public."));
    }

    @Test
    @Order(3)
    void shouldRestartASourceFromItsInitialPositionOnAReset() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("once.json"))
                .when()
                .post()
                .then()
                .statusCode(200);

        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("reset.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("trigger", equalTo("reset"))
                .body("rows", equalTo(PagilaSample.ADDRESSES + PagilaSample.CITIES + PagilaSample.COUNTRIES));
    }

    @Test
    @Order(4)
    void shouldBackfillARangeOnAManualInvoke() throws IOException {
        given().contentType("application/json")
                .accept("application/json")
                .body(fixture("backfill.json"))
                .when()
                .post()
                .then()
                .statusCode(200)
                .body("trigger", equalTo("backfill"))
                .body("sources[0].source", equalTo("pagila.public."))
                .body("sources[0].error", org.hamcrest.Matchers.nullValue());
    }

    @Test
    @Order(5)
    void shouldReportAnUnknownSourceOfAManualInvokeAsAnError() {
        given().contentType("application/json")
                .accept("application/json")
                .body("{\"sources\": [\"nope\"]}")
                .when()
                .post()
                .then()
                .statusCode(500);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = PollerHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
