package dev.tributary.local;

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

import dev.tributary.localstack.LambdaFunction;

/**
 * The three packaged functions, each in its own local Lambda sandbox, configured as the template configures them on
 * AWS: the pipeline file's location, the SDK's standard endpoint overrides, and their timeouts and memory.
 */
final class LocalFunctions implements AutoCloseable {

    final LambdaFunction poller;
    final LambdaFunction sink;
    final LambdaFunction catalog;

    private LocalFunctions(LambdaFunction poller, LambdaFunction sink, LambdaFunction catalog) {
        this.poller = poller;
        this.sink = sink;
        this.catalog = catalog;
    }

    /**
     * Starts the three sandboxes at once and waits for their init.
     *
     * @param environment what every function gets (endpoints, region, credentials, the pipeline's variables)
     */
    static LocalFunctions start(Path workDirectory, Map<String, String> environment, Progress progress) {
        Path code = functionsDirectory();
        CompletableFuture<LambdaFunction> poller = CompletableFuture.supplyAsync(() -> start("tributary-poller",
                code.resolve("tributary-poller-function-function.zip"), workDirectory, 512, Duration.ofSeconds(30),
                with(environment, Map.of(
                        // Each scheduled invocation polls for about a second, so changes reach the lake quickly.
                        "TRIBUTARY_POLLER_MAX_DURATION", "1s",
                        "TRIBUTARY_POLLER_DEADLINE_MARGIN", "5s")), progress));
        CompletableFuture<LambdaFunction> sink = CompletableFuture.supplyAsync(() -> start("tributary-sink",
                code.resolve("tributary-sink-function-function.zip"), workDirectory, 1024, Duration.ofSeconds(60),
                environment, progress));
        CompletableFuture<LambdaFunction> catalog = CompletableFuture.supplyAsync(() -> start("tributary-catalog",
                code.resolve("tributary-catalog-function-function.zip"), workDirectory, 512, Duration.ofSeconds(60),
                environment, progress));
        try {
            CompletableFuture.allOf(poller, sink, catalog).join();
        } catch (CompletionException e) {
            for (CompletableFuture<LambdaFunction> started : List.of(poller, sink, catalog)) {
                started.thenAccept(LambdaFunction::close);
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new LocalFunctions(poller.join(), sink.join(), catalog.join());
    }

    private static LambdaFunction start(String name, Path zip, Path workDirectory, int memoryMb, Duration timeout,
            Map<String, String> environment, Progress progress) {
        if (!Files.isRegularFile(zip)) {
            throw new LocalModeException("Cannot start function " + name + " because its package " + zip
                    + " is missing; build first: ./mvnw -B -DskipTests package -pl local-mode -am");
        }
        long begin = System.nanoTime();
        LambdaFunction function = LambdaFunction.builder(name, zip).memoryMb(memoryMb).timeout(timeout)
                .environment(environment).workDirectory(workDirectory).start();
        progress.line("lambda", String.format("%s ready: cold start %.1f s, %d MB, timeout %d s (log %s)", name,
                (System.nanoTime() - begin) / 1e9, memoryMb, timeout.toSeconds(), function.logFile()));
        return function;
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
