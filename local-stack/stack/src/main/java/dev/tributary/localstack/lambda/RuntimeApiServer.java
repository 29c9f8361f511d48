package dev.tributary.localstack.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API (2018-06-01) for one function, as the Lambda service serves it to a sandbox: the runtime
 * interface client long-polls {@code GET /runtime/invocation/next} for the next event, and posts each invocation's
 * {@code response} or {@code error}, or an {@code init/error} when the function cannot start.
 *
 * <p>Invocations are queued and handed out one at a time, with the headers Lambda sends
 * ({@code Lambda-Runtime-Aws-Request-Id}, {@code -Deadline-Ms}, {@code -Invoked-Function-Arn},
 * {@code -Trace-Id}).
 */
public final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm the body then waits for
        // the client's delayed ACK, about 40 ms per exchange. Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CountDownLatch polled = new CountDownLatch(1);
    private final AtomicInteger waitingForEvent = new AtomicInteger();
    private volatile LambdaInvocationException initError;
    private volatile boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService executor, String functionArn, Duration timeout) {
        this.server = server;
        this.executor = executor;
        this.functionArn = functionArn;
        this.timeout = timeout;
        server.createContext("/", this::handle);
    }

    /**
     * Starts the API on a free loopback port.
     *
     * @param functionArn the ARN invocations name as {@code Lambda-Runtime-Invoked-Function-Arn}
     * @param timeout the function's timeout: each invocation's deadline is this far from when it is handed out
     */
    public static RuntimeApiServer start(String functionArn, Duration timeout) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "lambda-runtime-api");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            RuntimeApiServer api = new RuntimeApiServer(http, executor, functionArn, timeout);
            http.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a Lambda Runtime API endpoint: " + e.getMessage(), e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code host:port}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Waits until the function has initialised and asks for its first event, or reports that it could not start.
     *
     * @return false if it did neither in time
     * @throws LambdaInvocationException with the function's init error
     */
    public boolean awaitReady(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            if (initError != null) {
                throw initError;
            }
            if (polled.await(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the runtime client is waiting for its next event now (the function is idle). */
    public boolean waitingForEvent() {
        return waitingForEvent.get() > 0;
    }

    /** Queues an invocation; the future completes with the function's response or its error. */
    public CompletableFuture<byte[]> invoke(byte[] payload) {
        Pending pending = new Pending(UUID.randomUUID().toString(), payload, new CompletableFuture<>());
        if (initError != null) {
            pending.result().completeExceptionally(initError);
        } else if (closed) {
            pending.result()
                    .completeExceptionally(new LambdaInvocationException(
                            "Runtime.Closed", "The function's runtime API is closed", List.of()));
        } else {
            queue.add(pending);
        }
        return pending.result();
    }

    /** Fails every queued and running invocation with this error (the sandbox is gone). */
    public void failAll(LambdaInvocationException error) {
        List<Pending> all = new ArrayList<>(inFlight.values());
        queue.drainTo(all);
        inFlight.clear();
        all.forEach(p -> p.result().completeExceptionally(error));
    }

    @Override
    public void close() {
        closed = true;
        failAll(new LambdaInvocationException("Runtime.Closed", "The function was stopped", List.of()));
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!path.startsWith(PREFIX)) {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown path " + path + "\",\"errorType\":\"NotFound\"}");
                return;
            }
            String route = path.substring(PREFIX.length());
            if (route.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (route.equals("init/error") && exchange.getRequestMethod().equals("POST")) {
                initError = error(exchange, body, "Runtime.InitError");
                failAll(initError);
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (route.startsWith("invocation/")
                    && exchange.getRequestMethod().equals("POST")) {
                String[] parts = route.split("/");
                Pending pending = parts.length == 3 ? inFlight.remove(parts[1]) : null;
                if (pending == null) {
                    respond(
                            exchange,
                            400,
                            "{\"errorMessage\":\"Invalid request ID\",\"errorType\":" + "\"InvalidRequestID\"}");
                } else if (parts[2].equals("response")) {
                    pending.result().complete(body);
                    respond(exchange, 202, "{\"status\":\"OK\"}");
                } else if (parts[2].equals("error")) {
                    pending.result().completeExceptionally(error(exchange, body, "Function.Unhandled"));
                    respond(exchange, 202, "{\"status\":\"OK\"}");
                } else {
                    inFlight.put(parts[1], pending);
                    respond(exchange, 404, "{\"errorMessage\":\"Unknown path " + path + "\"}");
                }
            } else {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown path " + path + "\",\"errorType\":\"NotFound\"}");
            }
        }
    }

    /** Hands out the next invocation, waiting for one as long as the client waits (it does not time out). */
    private void next(HttpExchange exchange) throws IOException {
        polled.countDown();
        Pending pending = null;
        waitingForEvent.incrementAndGet();
        try {
            while (pending == null && !closed) {
                pending = queue.poll(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waitingForEvent.decrementAndGet();
        }
        if (pending == null) {
            respond(exchange, 500, "{\"errorMessage\":\"The runtime API is closing\",\"errorType\":\"Closed\"}");
            return;
        }
        inFlight.put(pending.requestId(), pending);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders()
                .add(
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-" + Long.toHexString(deadline / 1000)
                                + "-" + pending.requestId().replace("-", "").substring(0, 24) + ";Parent="
                                + pending.requestId().replace("-", "").substring(16) + ";Sampled=0");
        exchange.sendResponseHeaders(200, pending.payload().length == 0 ? -1 : pending.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.payload());
        }
    }

    private static LambdaInvocationException error(HttpExchange exchange, byte[] body, String defaultType) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String message = new String(body, StandardCharsets.UTF_8);
        List<String> trace = new ArrayList<>();
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                type = error.path("errorType").asText(type == null ? defaultType : type);
                message = error.path("errorMessage").asText(message);
                error.path("stackTrace").forEach(line -> trace.add(line.asText()));
            }
        } catch (IOException e) {
            // Not JSON: the raw body is the message.
        }
        return new LambdaInvocationException(type == null ? defaultType : type, message, trace);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Pending(String requestId, byte[] payload, CompletableFuture<byte[]> result) {}
}
