package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No server outlives the JVM that started it: neither after close() nor after the JVM is killed. */
class ServerLifecycleTest {

    @Test
    void shouldStopEveryServerWhenTheStackCloses(@TempDir Path workDirectory) {
        List<ProcessHandle> servers;
        try (LocalStack stack = LocalStack.builder()
                .workDirectory(workDirectory)
                .persistent(true)
                .s3Directory(workDirectory.resolve("lake"))
                .build()) {
            stack.postgres();
            stack.kafka();
            stack.s3();
            stack.dynamoDb();
            servers = processesMentioning(workDirectory);
            assertThat(servers)
                    .as("postmaster, Kafka, S3 and DynamoDB processes")
                    .hasSizeGreaterThanOrEqualTo(4);
        }

        awaitAllExited(servers, Duration.ofSeconds(60));
    }

    @Test
    void shouldStopEveryServerWhenTheOwningJvmIsKilled(@TempDir Path workDirectory) throws Exception {
        Process owner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StackOwnerMain.class.getName(),
                        workDirectory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<ProcessHandle> servers;
        try {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.equals(StackOwnerMain.READY));
                assertThat(line).as("the owner JVM started its servers").isEqualTo(StackOwnerMain.READY);
            }
            servers = processesMentioning(workDirectory).stream()
                    .filter(p -> p.pid() != owner.pid())
                    .toList();
            assertThat(servers)
                    .as("postmaster, Kafka, S3 and DynamoDB processes")
                    .hasSizeGreaterThanOrEqualTo(4);
        } finally {
            owner.destroyForcibly().waitFor();
        }

        awaitAllExited(servers, Duration.ofSeconds(60));
    }

    /** Processes whose command line names the directory (read from /proc: the JDK truncates long ones). */
    private static List<ProcessHandle> processesMentioning(Path workDirectory) {
        String marker = workDirectory.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains(marker))
                .toList();
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(
                            Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ');
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void awaitAllExited(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : processes) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            process.onExit()
                    .completeOnTimeout(process, remaining, java.util.concurrent.TimeUnit.NANOSECONDS)
                    .join();
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(ServerLifecycleTest::commandLine))
                .as("server processes still running after " + timeout.toSeconds() + " s")
                .isEmpty();
    }

    /** Starts servers in a separate JVM that the test then kills with SIGKILL, leaving no chance to clean up. */
    public static final class StackOwnerMain {

        static final String READY = "servers-started";

        public static void main(String[] args) throws Exception {
            Path workDirectory = Path.of(args[0]);
            LocalStack stack = LocalStack.builder()
                    .workDirectory(workDirectory)
                    .persistent(true)
                    .s3Directory(workDirectory.resolve("lake"))
                    .build();
            stack.postgres();
            stack.kafka();
            stack.s3();
            stack.dynamoDb();
            System.out.println(READY);
            System.out.flush();
            // Wait to be killed; the test never lets this JVM exit on its own.
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }
}
