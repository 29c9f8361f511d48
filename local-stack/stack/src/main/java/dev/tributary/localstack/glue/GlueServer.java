package dev.tributary.localstack.glue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jboss.logging.Logger;

/**
 * A local endpoint that speaks the AWS Glue Data Catalog's JSON 1.1 protocol for the operations Tributary uses.
 *
 * <p>This is not an emulator of all of Glue: it serves the catalog subset below, with Glue's error types and input
 * rules, so that the real {@code GlueClient} (with an endpoint override) can be tested without AWS. Requests must
 * be signed with AWS Signature V4 using the expected access key id; the signature itself is not verified.
 *
 * <p>Operations: CreateDatabase, GetDatabase, GetDatabases, DeleteDatabase, CreateTable, GetTable, GetTables,
 * UpdateTable, DeleteTable, CreatePartition, BatchCreatePartition, GetPartition, GetPartitions, BatchGetPartition,
 * DeletePartition.
 */
public final class GlueServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GlueServer.class);
    private static final String TARGET_PREFIX = "AWSGlue.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final String accessKeyId;
    private final Map<String, Function<JsonNode, ObjectNode>> operations;

    private GlueServer(HttpServer server, ExecutorService executor, GlueCatalog catalog, String accessKeyId) {
        this.server = server;
        this.executor = executor;
        this.accessKeyId = accessKeyId;
        this.operations = Map.ofEntries(
                Map.entry("CreateDatabase", catalog::createDatabase),
                Map.entry("GetDatabase", catalog::getDatabase),
                Map.entry("GetDatabases", catalog::getDatabases),
                Map.entry("DeleteDatabase", catalog::deleteDatabase),
                Map.entry("CreateTable", catalog::createTable),
                Map.entry("GetTable", catalog::getTable),
                Map.entry("GetTables", catalog::getTables),
                Map.entry("UpdateTable", catalog::updateTable),
                Map.entry("DeleteTable", catalog::deleteTable),
                Map.entry("CreatePartition", catalog::createPartition),
                Map.entry("BatchCreatePartition", catalog::batchCreatePartition),
                Map.entry("GetPartition", catalog::getPartition),
                Map.entry("GetPartitions", catalog::getPartitions),
                Map.entry("BatchGetPartition", catalog::batchGetPartition),
                Map.entry("DeletePartition", catalog::deletePartition));
        server.createContext("/", this::handle);
    }

    /**
     * Starts the endpoint on a free loopback port.
     *
     * @param directory where to persist the catalog (one JSON file per database), or empty to keep it in memory
     * @param accessKeyId the access key id that requests must be signed with
     */
    public static GlueServer start(Optional<Path> directory, String accessKeyId) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "glue-endpoint");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            GlueServer glue = new GlueServer(http, executor, new GlueCatalog(new ObjectMapper(), directory),
                    accessKeyId);
            http.start();
            return glue;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Glue endpoint: " + e.getMessage(), e);
        }
    }

    /** The endpoint URI to give the SDK as endpoint override. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode response;
            int status = 200;
            try {
                response = dispatch(exchange);
            } catch (GlueException e) {
                status = e.status();
                response = error(e.type(), e.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", e.type());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Glue endpoint failed on %s", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                status = 500;
                response = error("InternalServiceException", "Internal error: " + e);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServiceException");
            }
            byte[] body = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw GlueException.unknownOperation("Only POST is supported by the JSON 1.1 protocol");
        }
        authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw GlueException.unknownOperation("Missing or foreign X-Amz-Target header: " + target);
        }
        String operation = target.substring(TARGET_PREFIX.length());
        Function<JsonNode, ObjectNode> handler = operations.get(operation);
        if (handler == null) {
            throw GlueException.unknownOperation("Operation " + operation
                    + " is not served by Tributary's local Glue endpoint");
        }
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw GlueException.serialization("Cannot parse the request body as JSON: " + e.getOriginalMessage());
        }
        if (!request.isObject()) {
            throw GlueException.serialization("The request body must be a JSON object");
        }
        LOG.debugf("Glue %s %s", operation, new String(body, StandardCharsets.UTF_8));
        return handler.apply(request);
    }

    private void authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw GlueException.missingAuthentication("Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("Credential=" + accessKeyId + "/")) {
            throw GlueException.unrecognizedClient("The security token included in the request is invalid.");
        }
    }

    private ObjectNode error(String type, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("__type", type);
        error.put("Message", message);
        return error;
    }
}
