package dev.tributary.poller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.tributary.localstack.sample.PagilaSample;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda entry point, driven with real EventBridge event JSON through Quarkus' Lambda event server. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true)
class PollerHandlerTest {

    @Test
    void shouldPollEverySourceOnAnEventBridgeScheduleAndReportWhatItDelivered() throws IOException {
        forgetState();
        String countries = LocalStackResource.local.topicPrefix + "pagila.public.country";
        int countriesBefore = LocalStackResource.local.read(countries).size();

        invoke(fixture("scheduled-event.json"))
                .statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("rows", equalTo(PagilaSample.ADDRESSES + PagilaSample.CITIES + PagilaSample.COUNTRIES))
                .body("sources[0].source", equalTo("pagila.public."))
                .body("sources[0].relations.relation", hasItems("public.address", "public.city", "public.country"));

        assertThat(LocalStackResource.local.read(countries)).hasSize(countriesBefore + PagilaSample.COUNTRIES);
    }

    @Test
    void shouldTakeTheTemplatesScheduleInputForAScheduledPollOfEverySource() throws IOException {
        invoke(fixture("schedule-input.json"))
                .statusCode(200)
                .body("trigger", equalTo("schedule"))
                .body("sources.source", hasItems("pagila.public."));
    }

    @Test
    void shouldRestartASourceFromItsInitialPositionOnAReset() throws IOException {
        invoke(fixture("once.json")).statusCode(200);

        invoke(fixture("reset.json"))
                .statusCode(200)
                .body("trigger", equalTo("reset"))
                .body("rows", equalTo(PagilaSample.ADDRESSES + PagilaSample.CITIES + PagilaSample.COUNTRIES));
    }

    @Test
    void shouldBackfillARangeOnAManualInvoke() throws IOException {
        invoke(fixture("backfill.json"))
                .statusCode(200)
                .body("trigger", equalTo("backfill"))
                .body("sources[0].source", equalTo("pagila.public."))
                .body("sources[0].error", nullValue());
    }

    @Test
    void shouldReportAnUnknownSourceOfAManualInvokeAsAnError() {
        invoke("{\"sources\": [\"nope\"]}")
                .statusCode(500)
                .body("errorType", equalTo(IllegalArgumentException.class.getName()))
                .body("errorMessage", startsWith("Cannot poll source 'nope' because no source has that name"));
    }

    /**
     * Forgets every mark, lease and last poll time of the shared state table, so that a scheduled poll finds every
     * source due and every row new, whichever test ran before.
     */
    private static void forgetState() {
        LocalPipeline local = LocalStackResource.local;
        local.dynamo
                .scanPaginator(b -> b.tableName(local.stateTable))
                .items()
                .forEach(item -> local.dynamo.deleteItem(
                        b -> b.tableName(local.stateTable).key(Map.of("pk", item.get("pk")))));
    }

    /** Invokes the function with an event, as Lambda's runtime API hands it over. */
    private static ValidatableResponse invoke(String event) {
        return given().contentType("application/json")
                .accept("application/json")
                .body(event)
                .when()
                .post()
                .then();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = PollerHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
