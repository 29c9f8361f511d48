package dev.tributary.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL 17 from zonky's embedded binaries, in a data directory under the stack's work directory.
 *
 * <p>{@code pg_ctl} detaches the postmaster from this JVM, so a watchdog shell holds a pipe from us and stops the
 * postmaster (fast shutdown) if the pipe closes without a "disarm" line, that is, if this JVM dies without closing
 * the server.
 */
final class PostgresServer implements LocalServer<PostgresEndpoint> {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Path logFile;
    private final PostgresEndpoint endpoint;
    private Process watchdog;

    private PostgresServer(EmbeddedPostgres postgres, Process watchdog, Path dataDirectory, Path logFile) {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.endpoint = new PostgresEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
    }

    static PostgresServer start(Path directory) {
        Path dataDirectory = directory.resolve("data");
        Path logFile = directory.resolve("postgres.log");
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(directory);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // Durability is not what the local stack tests; speed is.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new LocalStackException(
                    "Cannot start PostgreSQL in " + dataDirectory + " because " + e.getMessage() + ". End of " + logFile
                            + ":\n" + ChildProcess.tail(logFile),
                    e);
        }
        Process watchdog;
        try {
            watchdog = guard(postmasterPid(dataDirectory));
        } catch (IOException | RuntimeException e) {
            closeQuietly(postgres);
            throw new LocalStackException("Cannot guard PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
        return new PostgresServer(postgres, watchdog, dataDirectory, logFile);
    }

    /**
     * Restarts the server with {@code pg_ctl restart} (fast shutdown: open sessions are ended, running queries
     * fail), on the same port and data, as an RDS reboot or failover does to its clients.
     */
    synchronized void restart() {
        try {
            long pid = postmasterPid(dataDirectory);
            Path pgCtl = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"))
                    .resolveSibling("pg_ctl");
            List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // pg_ctl refuses root; zonky runs its commands in a user namespace for the same reason.
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(
                    pgCtl.toString(), "restart", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60"));
            Process restart = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            restart.getOutputStream().close();
            if (!restart.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || restart.exitValue() != 0) {
                restart.destroyForcibly();
                throw new LocalStackException("Cannot restart PostgreSQL in " + dataDirectory + ". End of " + logFile
                        + ":\n" + ChildProcess.tail(logFile));
            }
            disarm(watchdog);
            watchdog = guard(postmasterPid(dataDirectory));
        } catch (IOException e) {
            throw new LocalStackException("Cannot restart PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while restarting PostgreSQL", e);
        }
    }

    @Override
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        closeQuietly(postgres);
        disarm(watchdog);
    }

    private static void disarm(Process watchdog) {
        try (OutputStream in = watchdog.getOutputStream()) {
            in.write("disarm\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The watchdog is gone already; nothing to disarm.
        }
    }

    private static long postmasterPid(Path dataDirectory) throws IOException {
        List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        return Long.parseLong(lines.get(0).trim());
    }

    private static Process guard(long postmasterPid) throws IOException {
        String script = "read -r line; [ \"$line\" = disarm ] || kill -INT " + postmasterPid;
        return new ProcessBuilder("sh", "-c", script, JavaLauncher.PROCESS_MARKER + "-postgres-watchdog")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Stopping is best effort; the watchdog and the data directory cleanup cover the rest.
        }
    }
}
