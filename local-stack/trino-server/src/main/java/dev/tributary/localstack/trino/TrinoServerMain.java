package dev.tributary.localstack.trino;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Trino in this JVM for the local stack: starts {@code io.trino.server.TrinoServer} (its configuration comes from
 * the {@code -Dconfig} and {@code -Dnode.*} system properties, as Trino's launcher passes them), prints the stack's
 * ready line once {@code /v1/info} says the server has started, and halts when its stdin reaches end of file, which
 * happens when the stack closes it or the JVM that started it dies. Compiled for Java 17; runs on the Java 24 or
 * later that Trino needs.
 */
public final class TrinoServerMain {

    private static final String READY_MARKER = "TRIBUTARY-READY";
    private static final Pattern NEXT_URI = Pattern.compile("\"nextUri\"\\s*:\\s*\"([^\"]+)\"");

    private TrinoServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // Trino's logging takes System.out over; the ready line goes to the process's own stdout.
        PrintStream ready = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Thread lifeline = new Thread(TrinoServerMain::awaitEndOfInput, "trino-lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
        Thread server = new Thread(
                () -> {
                    try {
                        Class.forName("io.trino.server.TrinoServer")
                                .getMethod("main", String[].class)
                                .invoke(null, (Object) new String[0]);
                    } catch (ReflectiveOperationException e) {
                        e.printStackTrace();
                        Runtime.getRuntime().halt(3);
                    }
                },
                "trino-main");
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200
                        && response.body().replace(" ", "").contains("\"starting\":false")
                        && answers(http, port)) {
                    ready.println(READY_MARKER + " " + port);
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        System.err.println("Trino did not start within 4 minutes");
        Runtime.getRuntime().halt(4);
    }

    /**
     * Whether a query runs to its end: once started, the coordinator still has to find itself among the nodes it
     * schedules on ("No nodes available to run query" until then).
     */
    private static boolean answers(HttpClient http, int port) throws IOException, InterruptedException {
        HttpRequest statement = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                .header("X-Trino-User", "tributary")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                .build();
        String body = http.send(statement, HttpResponse.BodyHandlers.ofString()).body();
        for (int step = 0; step < 100; step++) {
            if (body.contains("\"error\"")) {
                return false;
            }
            Matcher next = NEXT_URI.matcher(body);
            if (!next.find()) {
                return true;
            }
            Thread.sleep(50);
            body = http.send(
                            HttpRequest.newBuilder(URI.create(next.group(1)))
                                    .header("X-Trino-User", "tributary")
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        return false;
    }

    private static void awaitEndOfInput() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // The stack writes nothing; end of file is the signal.
            }
        } catch (IOException e) {
            // A broken pipe is the end too.
        }
        Runtime.getRuntime().halt(0);
    }
}
