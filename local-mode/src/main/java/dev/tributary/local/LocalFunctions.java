package dev.tributary.local;

import dev.tributary.localstack.LambdaFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The three packaged functions, each in its own local Lambda sandbox, configured as the template configures them on
 * AWS: the pipeline file's location, the SDK's standard endpoint overrides, and their timeouts and memory.
 */
final class LocalFunctions implements AutoCloseable {

    final LambdaFunction poller;
    final LambdaFunction sink;
    final LambdaFunction catalog;
    private final Sandbox pollerSandbox;
    private final Sandbox sinkSandbox;

    /** Starts the three sandboxes at once and waits for their init. */
    private LocalFunctions(Sandbox pollerSandbox, Sandbox sinkSandbox, Sandbox catalogSandbox) {
        this.pollerSandbox = pollerSandbox;
        this.sinkSandbox = sinkSandbox;
        CompletableFuture<LambdaFunction> poller =
                CompletableFuture.supplyAsync(() -> pollerSandbox.start("tributary-poller"));
        CompletableFuture<LambdaFunction> sink =
                CompletableFuture.supplyAsync(() -> sinkSandbox.start("tributary-sink"));
        CompletableFuture<LambdaFunction> catalog =
                CompletableFuture.supplyAsync(() -> catalogSandbox.start("tributary-catalog"));
        try {
            CompletableFuture.allOf(poller, sink, catalog).join();
        } catch (CompletionException e) {
            for (CompletableFuture<LambdaFunction> started : List.of(poller, sink, catalog)) {
                started.thenAccept(LambdaFunction::close);
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        this.poller = poller.join();
        this.sink = sink.join();
        this.catalog = catalog.join();
    }

    /**
     * Another sandbox of the poller, as Lambda starts one for an invocation that overlaps a running one (a manual
     * invoke during a scheduled one, say). The caller closes it.
     */
    LambdaFunction concurrentPoller(String name) {
        return pollerSandbox.start(name);
    }

    /**
     * Another sandbox of the sink, as Lambda starts one for a scheduled invocation while the event source mapping's
     * invocations run. The caller closes it.
     */
    LambdaFunction concurrentSink(String name) {
        return sinkSandbox.start(name);
    }

    /**
     * The functions' timeouts and the poller's timing.
     *
     * @param pollerTimeout the poller's Lambda timeout
     * @param pollerMaxDuration how long one poller invocation polls ({@code TRIBUTARY_POLLER_MAX_DURATION})
     * @param pollerDeadlineMargin time kept free before the poller's deadline
     * @param leaseDuration how long a crashed poller invocation keeps the next one off its sources: shorter than the
     *     schedule's period plus a cold start, so that the next scheduled invocation polls
     * @param sinkTimeout the sink's Lambda timeout
     * @param catalogTimeout the catalog's Lambda timeout
     */
    record Limits(
            Duration pollerTimeout,
            Duration pollerMaxDuration,
            Duration pollerDeadlineMargin,
            Duration leaseDuration,
            Duration sinkTimeout,
            Duration catalogTimeout) {

        /** Each scheduled invocation polls for about a second, so changes reach the lake quickly. */
        static final Limits DEFAULT = new Limits(
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                Duration.ofSeconds(60),
                Duration.ofSeconds(60));
    }

    /**
     * Starts the three sandboxes at once and waits for their init.
     *
     * @param environment what every function gets (endpoints, region, credentials, the pipeline's variables)
     */
    static LocalFunctions start(Path workDirectory, Map<String, String> environment, Limits limits, Progress progress) {
        Path code = functionsDirectory();
        Map<String, String> pollerEnvironment = with(
                environment,
                Map.of(
                        "TRIBUTARY_POLLER_MAX_DURATION", seconds(limits.pollerMaxDuration()),
                        "TRIBUTARY_POLLER_DEADLINE_MARGIN", seconds(limits.pollerDeadlineMargin()),
                        "TRIBUTARY_POLLER_LEASE_DURATION", seconds(limits.leaseDuration())));
        Sandbox pollerSandbox = new Sandbox(
                code.resolve("tributary-poller-function-function.zip"),
                512,
                limits.pollerTimeout(),
                pollerEnvironment,
                workDirectory,
                progress);
        Sandbox sinkSandbox = new Sandbox(
                code.resolve("tributary-sink-function-function.zip"),
                1024,
                limits.sinkTimeout(),
                environment,
                workDirectory,
                progress);
        Sandbox catalogSandbox = new Sandbox(
                code.resolve("tributary-catalog-function-function.zip"),
                512,
                limits.catalogTimeout(),
                environment,
                workDirectory,
                progress);
        return new LocalFunctions(pollerSandbox, sinkSandbox, catalogSandbox);
    }

    /**
     * A function's package and how the template configures it (its memory, timeout and environment), with where its
     * sandboxes work and report.
     */
    private record Sandbox(
            Path zip,
            int memoryMb,
            Duration timeout,
            Map<String, String> environment,
            Path workDirectory,
            Progress progress) {

        /** Starts a sandbox of the function, named {@code name}, and waits for its init. */
        LambdaFunction start(String name) {
            if (!Files.isRegularFile(zip)) {
                throw new LocalModeException("Cannot start function " + name + " because its package " + zip
                        + " is missing; build first: ./mvnw -B -DskipTests package -pl local-mode -am");
            }
            long begin = System.nanoTime();
            LambdaFunction function = LambdaFunction.builder(name, zip)
                    .memoryMb(memoryMb)
                    .timeout(timeout)
                    .environment(environment)
                    .workDirectory(workDirectory)
                    .start();
            progress.line(
                    "lambda",
                    String.format(
                            "%s ready: cold start %.1f s, %d MB, timeout %d s (log %s)",
                            name,
                            (System.nanoTime() - begin) / 1e9,
                            memoryMb,
                            timeout.toSeconds(),
                            function.logFile()));
            return function;
        }
    }

    /** A duration as the functions' settings read it ({@code 1500ms}). */
    private static String seconds(Duration duration) {
        return duration.toMillis() + "ms";
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(extra);
        return all;
    }

    /** Where the build copied the function packages (recorded in a resource by the build). */
    static Path functionsDirectory() {
        Properties properties = new Properties();
        try (InputStream in = LocalFunctions.class.getResourceAsStream("/META-INF/tributary/local-mode.properties")) {
            if (in == null) {
                throw new LocalModeException("Cannot find the function packages: local mode was not built (run"
                        + " ./mvnw -B -DskipTests package -pl local-mode -am)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new LocalModeException("Cannot read local mode's build record: " + e.getMessage(), e);
        }
        return Path.of(properties.getProperty("functions.directory"));
    }

    @Override
    public void close() {
        poller.close();
        sink.close();
        catalog.close();
    }
}
