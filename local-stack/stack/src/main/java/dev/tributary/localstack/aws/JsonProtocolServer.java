package dev.tributary.localstack.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * An HTTP endpoint for the AWS JSON 1.1 protocol, as Glue and Secrets Manager speak it: POST with an
 * {@code X-Amz-Target: <prefix><Operation>} header and a JSON body, answered with JSON, or with an error's
 * {@code __type} and message. Requests must be signed with AWS Signature V4 using the expected access key id; the
 * signature itself is not verified.
 */
public final class JsonProtocolServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JsonProtocolServer.class);

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm the body then waits for
        // the client's delayed ACK, about 40 ms per exchange. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String service;
    private final String targetPrefix;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();
    private final String accessKeyId;
    private final Map<String, Function<JsonNode, ObjectNode>> operations;

    private JsonProtocolServer(
            String service,
            String targetPrefix,
            HttpServer server,
            ExecutorService executor,
            String accessKeyId,
            Map<String, Function<JsonNode, ObjectNode>> operations) {
        this.service = service;
        this.targetPrefix = targetPrefix;
        this.server = server;
        this.executor = executor;
        this.accessKeyId = accessKeyId;
        this.operations = Map.copyOf(operations);
        server.createContext("/", this::handle);
    }

    /**
     * Starts an endpoint on a free loopback port.
     *
     * @param service the service's name, for messages ("Glue")
     * @param targetPrefix the {@code X-Amz-Target} prefix of its operations ("AWSGlue.")
     * @param accessKeyId the access key id that requests must be signed with
     * @param operations each operation's handler; a handler throws {@link ServiceError} to answer with an error
     */
    public static JsonProtocolServer start(
            String service,
            String targetPrefix,
            String accessKeyId,
            Map<String, Function<JsonNode, ObjectNode>> operations) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, service.toLowerCase(java.util.Locale.ROOT) + "-endpoint");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            JsonProtocolServer endpoint =
                    new JsonProtocolServer(service, targetPrefix, http, executor, accessKeyId, operations);
            http.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the " + service + " endpoint: " + e.getMessage(), e);
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
            } catch (ServiceError e) {
                status = e.status();
                response = error(e.type(), e.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", e.type());
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "%s endpoint failed on %s",
                        service,
                        exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                status = 500;
                response = error("InternalServiceException", "Internal error: " + e);
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServiceException");
            }
            byte[] body = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders()
                    .add("x-amzn-RequestId", UUID.randomUUID().toString());
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
            throw ServiceError.unknownOperation("Only POST is supported by the JSON 1.1 protocol");
        }
        authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(targetPrefix)) {
            throw ServiceError.unknownOperation("Missing or foreign X-Amz-Target header: " + target);
        }
        String operation = target.substring(targetPrefix.length());
        Function<JsonNode, ObjectNode> handler = operations.get(operation);
        if (handler == null) {
            throw ServiceError.unknownOperation(
                    "Operation " + operation + " is not served by Tributary's local " + service + " endpoint");
        }
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ServiceError.serialization("Cannot parse the request body as JSON: " + e.getOriginalMessage());
        }
        if (!request.isObject()) {
            throw ServiceError.serialization("The request body must be a JSON object");
        }
        LOG.debugf("%s %s %s", service, operation, new String(body, StandardCharsets.UTF_8));
        return handler.apply(request);
    }

    private void authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ServiceError.missingAuthentication("Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ")
                || !authorization.contains("Credential=" + accessKeyId + "/")) {
            throw ServiceError.unrecognizedClient("The security token included in the request is invalid.");
        }
    }

    private ObjectNode error(String type, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("__type", type);
        error.put("Message", message);
        return error;
    }
}
