package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.GlueCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;

/**
 * Failures the local Glue endpoint does not produce on demand, answered by a scripted HTTP server in Glue's JSON
 * 1.1 error format: throttling is retried with backoff, access denied fails at once as permanent; and how partition
 * updates page and batch.
 */
class GlueErrorsTest {

    /** Every partition, unchanged but for being written again. */
    private static final Function<Partition, Optional<PartitionInput>> ALL =
            p -> Optional.of(PartitionInput.builder().values(p.values()).build());

    private HttpServer server;
    private final Deque<String[]> script = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Each request's operation (from X-Amz-Target) and body. */
    private final List<String[]> received = Collections.synchronizedList(new ArrayList<>());

    private GlueClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            received.add(new String[] {
                exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            String[] answer = script.isEmpty() ? new String[] {"500", "InternalServiceException"} : script.poll();
            int status = Integer.parseInt(answer[0]);
            String body = status == 200
                    ? answer[1]
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
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
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

        assertThat(new GlueCatalog(client).table("lake", "orders"))
                .hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("orders"));
        assertThat(requests).hasValue(4);
    }

    @Test
    void shouldFailAtOnceAsPermanentWhenAccessIsDenied() {
        script.add(new String[] {"400", "AccessDeniedException"});

        assertThatThrownBy(() -> new GlueCatalog(client).table("lake", "orders"))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Cannot read table lake.orders")
                .hasMessageContaining("AccessDeniedException");
        assertThat(requests).hasValue(1);
    }

    @Test
    void shouldReportAServiceErrorThatOutlastsTheRetriesAsRetriable() {
        assertThatThrownBy(() -> new GlueCatalog(client).table("lake", "orders"))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.retriable()).isTrue());
        assertThat(requests).hasValue(8);
    }

    @Test
    void shouldUpdatePartitionsPageByPageInBatchesOf100() throws Exception {
        script.add(new String[] {"200", partitions(0, 150, "page2")});
        script.add(new String[] {"200", "{\"Errors\":[]}"});
        script.add(new String[] {"200", partitions(150, 60, null)});
        script.add(new String[] {"200", "{\"Errors\":[]}"});
        script.add(new String[] {"200", "{\"Errors\":[]}"});

        int updated = new GlueCatalog(client).updatePartitions("lake", "orders", ALL);

        ObjectMapper json = new ObjectMapper();
        assertThat(updated).isEqualTo(210);
        assertThat(received)
                .extracting(r -> r[0])
                .containsExactly(
                        "AWSGlue.GetPartitions",
                        "AWSGlue.BatchUpdatePartition",
                        "AWSGlue.GetPartitions",
                        "AWSGlue.BatchUpdatePartition",
                        "AWSGlue.BatchUpdatePartition");
        assertThat(json.readTree(received.get(2)[1]).path("NextToken").asText()).isEqualTo("page2");
        List<Integer> batches = new ArrayList<>();
        for (String[] request : received) {
            if (request[0].endsWith("BatchUpdatePartition")) {
                JsonNode entries = json.readTree(request[1]).path("Entries");
                batches.add(entries.size());
                assertThat(entries.get(0).path("PartitionValueList"))
                        .isEqualTo(entries.get(0).path("PartitionInput").path("Values"));
            }
        }
        assertThat(batches).containsExactly(100, 100, 10);
    }

    @Test
    void shouldCountAPartitionDeletedMeanwhileAsNeedingNoUpdateAndFailOnOtherEntryErrors() {
        script.add(new String[] {"200", partitions(0, 2, null)});
        script.add(new String[] {"200", errors("EntityNotFoundException")});
        script.add(new String[] {"200", partitions(0, 2, null)});
        script.add(new String[] {"200", errors("InternalServiceException")});
        script.add(new String[] {"200", partitions(0, 2, null)});
        script.add(new String[] {"200", errors("InvalidInputException")});
        GlueCatalog catalog = new GlueCatalog(client);

        assertThat(catalog.updatePartitions("lake", "orders", ALL)).isEqualTo(1);
        assertThatThrownBy(() -> catalog.updatePartitions("lake", "orders", ALL))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("Cannot update partitions of lake.orders: [[0]: InternalServiceException");
        assertThatThrownBy(() -> catalog.updatePartitions("lake", "orders", ALL))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("InvalidInputException");
    }

    @Test
    void shouldRetryAThrottledPartitionUpdateAndFailAtOnceWhenItIsDenied() {
        script.add(new String[] {"200", partitions(0, 1, null)});
        script.add(new String[] {"400", "ThrottlingException"});
        script.add(new String[] {"200", "{\"Errors\":[]}"});
        script.add(new String[] {"200", partitions(0, 1, null)});
        script.add(new String[] {"400", "AccessDeniedException"});
        GlueCatalog catalog = new GlueCatalog(client);

        assertThat(catalog.updatePartitions("lake", "orders", ALL)).isEqualTo(1);
        assertThatThrownBy(() -> catalog.updatePartitions("lake", "orders", ALL))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Cannot update partitions of lake.orders because AccessDeniedException (400)")
                .hasMessageContaining("allow the catalog's role this Glue action");
        assertThat(requests).hasValue(5);
    }

    /** A GetPartitions page of partitions with values from {@code from}, and a next token if {@code next}. */
    private static String partitions(int from, int count, String next) {
        StringBuilder page = new StringBuilder("{\"Partitions\":[");
        for (int i = from; i < from + count; i++) {
            page.append(i == from ? "" : ",")
                    .append("{\"Values\":[\"")
                    .append(i)
                    .append("\"],\"DatabaseName\":\"lake\",\"TableName\":\"orders\"}");
        }
        return page.append("]")
                .append(next == null ? "" : ",\"NextToken\":\"" + next + "\"")
                .append("}")
                .toString();
    }

    /** A BatchUpdatePartition answer with one failed entry, for partition [0]. */
    private static String errors(String code) {
        return "{\"Errors\":[{\"PartitionValueList\":[\"0\"],\"ErrorDetail\":{\"ErrorCode\":\"" + code
                + "\",\"ErrorMessage\":\"scripted\"}}]}";
    }
}
