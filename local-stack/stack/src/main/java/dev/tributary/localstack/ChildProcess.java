package dev.tributary.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server running in a child process that announces readiness with one stdout line starting with
 * {@value #READY_MARKER} and stops when its stdin reaches end of file.
 *
 * <p>The stdin pipe is the lifeline: it stays open for as long as this JVM lives, so when the JVM dies, for whatever
 * reason, the operating system closes the pipe and the child stops on its own. Nothing is left behind even when a
 * test run is killed.
 */
final class ChildProcess implements AutoCloseable {

    static final String READY_MARKER = "TRIBUTARY-READY";

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final String readyDetail;

    private ChildProcess(String name, Process process, Path logFile, String readyDetail) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.readyDetail = readyDetail;
    }

    /**
     * Starts {@code command} and waits until it prints its ready line.
     *
     * @param name what the server is, for messages ("Kafka broker")
     * @param logFile where the child's stderr and later stdout go
     * @return the running process; {@link #readyDetail()} holds what followed the ready marker
     * @throws LocalStackException if the process cannot start, exits early, or is not ready in time; the message
     *     quotes the end of its log
     */
    static ChildProcess start(String name, List<String> command, Path logFile, Duration readyTimeout) {
        return start(name, command, null, logFile, readyTimeout);
    }

    /**
     * Starts {@code command} with exactly this environment (null: this process's) and waits until it prints its
     * ready line.
     */
    static ChildProcess start(
            String name, List<String> command, Map<String, String> environment, Path logFile, Duration readyTimeout) {
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (environment != null) {
                builder.environment().clear();
                builder.environment().putAll(environment);
            }
            process = builder.start();
        } catch (IOException e) {
            throw new LocalStackException(
                    "Cannot start the " + name + " because '" + command.get(0) + "' could not be run: "
                            + e.getMessage(),
                    e);
        }
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(stdout, logFile));
        String detail;
        try {
            detail = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new LocalStackException("Cannot start the " + name + " because it was not ready within "
                    + readyTimeout.toSeconds() + " s. End of " + logFile + ":\n" + tail(logFile));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while starting the " + name, e);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new LocalStackException(
                    "Cannot start the " + name + " because " + e.getCause().getMessage() + ". End of " + logFile + ":\n"
                            + tail(logFile),
                    e.getCause());
        }
        Thread drain = new Thread(() -> copyRest(stdout, logFile), "drain-" + name);
        drain.setDaemon(true);
        drain.start();
        return new ChildProcess(name, process, logFile, detail);
    }

    /** Whatever followed the ready marker on its line, trimmed (for example a port number). */
    String readyDetail() {
        return readyDetail;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The exit status; only once the process has ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** Ends the process at once (SIGKILL) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed.
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the lifeline, waits for a graceful stop, and kills the process only if it does not stop in time. */
    @Override
    public void close() {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
        } catch (IOException e) {
            // Already closed: the child sees end of file either way.
        }
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }

    private static String awaitReadyLine(BufferedReader stdout, Path logFile) {
        try {
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith(READY_MARKER)) {
                    return line.substring(READY_MARKER.length()).trim();
                }
                append(logFile, line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("its output could not be read: " + e.getMessage(), e);
        }
        throw new IllegalStateException("it exited before it was ready");
    }

    private static void copyRest(BufferedReader stdout, Path logFile) {
        try {
            String line;
            while ((line = stdout.readLine()) != null) {
                append(logFile, line);
            }
        } catch (IOException e) {
            // The child is gone; nothing more to copy.
        }
    }

    private static void append(Path logFile, String line) {
        try {
            Files.writeString(
                    logFile,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // Losing a log line must not take a server down.
        }
    }

    static String tail(Path logFile) {
        try {
            // Stack frames are left out: the 25 lines then hold the messages and every "Caused by:", which name the
            // cause, rather than the frames of the outermost exception only.
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.matches("\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted)).*"))
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
