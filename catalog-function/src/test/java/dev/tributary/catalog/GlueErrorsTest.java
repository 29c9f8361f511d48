package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Failures the local Glue endpoint does not produce on demand, answered by a scripted HTTP server in Glue's JSON
 * 1.1 error format: throttling is retried with backoff, access denied fails at once as permanent.
 */
class GlueErrorsTest {

    private HttpServer server;
    private final Deque<String[]> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private GlueClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String[] answer = script.isEmpty() ? new String[] {"500", "InternalServiceException"} : script.poll();
            int status = Integer.parseInt(answer[0]);
            String body = status == 200 ? answer[1]
                    : "{\"__type\":\"" + answer[1] + "\",\"message\":\"scripted " + answer[1] + "\"}";
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            if (status != 200) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", answer[1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        client = CatalogBeans.glueClient(GlueClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void shouldRetryThrottlingWithBackoffUntilGlueAnswers() {
        script.add(new String[] {"400", "ThrottlingException"});
        script.add(new String[] {"400", "ThrottlingException"});
        script.add(new String[] {"400", "ThrottlingException"});
        script.add(new String[] {"200", "{\"Table\":{\"Name\":\"orders\",\"DatabaseName\":\"lake\"}}"});

        assertThat(new GlueCatalog(client).table("lake", "orders")).hasValueSatisfying(t ->
                assertThat(t.name()).isEqualTo("orders"));
        assertThat(requests).hasValue(4);
    }

    @Test
    void shouldFailAtOnceAsPermanentWhenAccessIsDenied() {
        script.add(new String[] {"400", "AccessDeniedException"});

        assertThatThrownBy(() -> new GlueCatalog(client).table("lake", "orders"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Cannot read table lake.orders").hasMessageContaining("AccessDeniedException");
        assertThat(requests).hasValue(1);
    }

    @Test
    void shouldReportAServiceErrorThatOutlastsTheRetriesAsRetriable() {
        assertThatThrownBy(() -> new GlueCatalog(client).table("lake", "orders"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.retriable()).isTrue());
        assertThat(requests).hasValue(8);
    }
}
