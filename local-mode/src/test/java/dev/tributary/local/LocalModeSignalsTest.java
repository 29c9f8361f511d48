package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C and SIGTERM stop local mode promptly, whatever it is doing, and leave no process behind. Local mode is
 * started as a script starts a background job (a shell without job control, which starts it with SIGINT ignored),
 * through the launcher {@code ./tributary-local} execs.
 */
class LocalModeSignalsTest {

    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final Path LAUNCHER = Path.of("bin/java-default-signals").toAbsolutePath();

    @TempDir
    Path work;

    private Process shell;

    @AfterEach
    void stopWhatIsLeft() {
        if (shell != null) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0} while {1}")
    @CsvSource({
        "INT, running (--keep-running), Running until Ctrl-C",
        "TERM, running (--keep-running), Running until Ctrl-C",
        "INT, starting the functions, Functions (packaged function.zip",
        "TERM, starting the local services, Local services"
    })
    void shouldStopWithinTenSecondsAndLeaveNoProcess(String signal, String state, String reached) throws Exception {
        Path out = work.resolve("out.log");
        long pid = start(out);
        awaitLine(out, reached, pid);
        List<ProcessHandle> started =
                ProcessHandle.of(pid).orElseThrow().descendants().toList();
        if (state.startsWith("running")) {
            assertThat(started).as("processes local mode started").isNotEmpty();
        }

        long begin = System.nanoTime();
        signal(signal, pid);
        boolean stopped = ProcessHandle.of(pid)
                .map(p -> p.onExit().orTimeout(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS))
                .map(f -> {
                    try {
                        f.join();
                        return true;
                    } catch (RuntimeException e) {
                        return false;
                    }
                })
                .orElse(true);
        double seconds = (System.nanoTime() - begin) / 1e9;

        assertThat(stopped)
                .as(
                        "local mode stopped within %s after SIG%s while %s; output:%n%s",
                        STOP_WITHIN, signal, state, Files.readString(out))
                .isTrue();
        System.out.printf("SIG%s while %s: stopped in %.1f s%n", signal, state, seconds);
        assertThat(Files.readString(out)).contains(signal.equals("INT") ? "exit 130" : "exit 143");
        awaitGone(started);
        assertThat(shell.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(processesUsing(work)).as("processes still using " + work).isEmpty();
    }

    /** Starts local mode from a shell without job control, as a background job; returns the JVM's pid. */
    private long start(Path out) throws IOException {
        Path pipeline = Files.writeString(work.resolve("pipeline.yaml"), LocalPipelines.SERVICES + """
                sources:
                  - name: countries
                    tables: country
                    topic-prefix: signals.
                    mode: timestamp
                    timestamp-columns: last_update
                sinks:
                  - name: countries
                    topics: signals.country
                    bucket: signals-lake
                catalog:
                  database: signals
                """);
        String classpath = Path.of("target/classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target/classpath.txt"), StandardCharsets.UTF_8)
                        .trim();
        String command = "'" + LAUNCHER + "' -cp \"$LOCAL_MODE_CLASSPATH\" dev.tributary.local.LocalMode"
                + " --keep-running --pipeline '" + pipeline + "' --work-dir '" + work.resolve("run") + "' > '" + out
                + "' 2>&1 & echo $!; wait $!; echo \"exit $?\" >> '" + out + "'";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("LOCAL_MODE_CLASSPATH", classpath);
        shell = builder.start();
        String pid =
                new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        return Long.parseLong(pid.trim());
    }

    private static void awaitLine(Path out, String line, long pid) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(out) && Files.readString(out).contains(line)) {
                return;
            }
            if (ProcessHandle.of(pid).isEmpty()) {
                throw new AssertionError("Local mode ended before '" + line + "':\n" + Files.readString(out));
            }
            ProcessHandle.of(pid)
                    .get()
                    .onExit()
                    .completeOnTimeout(null, 100, TimeUnit.MILLISECONDS)
                    .join();
        }
        throw new AssertionError("Local mode did not reach '" + line + "' within 3 minutes:\n" + Files.readString(out));
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void awaitGone(List<ProcessHandle> processes) {
        long end = System.nanoTime() + STOP_WITHIN.toNanos();
        for (ProcessHandle process : processes) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            process.onExit()
                    .completeOnTimeout(process, left, TimeUnit.MILLISECONDS)
                    .join();
            assertThat(process.isAlive())
                    .as(
                            "process %d (%s) still running",
                            process.pid(), process.info().commandLine().orElse("?"))
                    .isFalse();
        }
    }

    /** Processes whose command line names the directory: PostgreSQL's postmaster detaches from local mode. */
    private static List<String> processesUsing(Path directory) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path entry :
                    proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = new String(
                                    Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (commandLine.contains(directory.toString())) {
                        found.add(entry.getFileName() + ": " + commandLine);
                    }
                } catch (IOException e) {
                    // The process ended while being read.
                }
            }
        }
        return found;
    }
}
