package dev.tributary.localstack.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.LocalStackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function run by AWS's runtime interface client in its own JVM, against the local Runtime API: responses,
 * errors, timeouts, crashes and init failures come back as Lambda reports them.
 */
class LambdaFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = ProbeHandler.class.getName() + "::handleRequest";

    @TempDir
    static Path work;

    private static Path code;
    private static LambdaFunction probe;

    @BeforeAll
    static void start() throws IOException {
        code = Files.createDirectories(work.resolve("code"));
        Path target = code.resolve(ProbeHandler.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(target.getParent());
        try (var in = ProbeHandler.class.getResourceAsStream(ProbeHandler.class.getSimpleName() + ".class")) {
            Files.copy(in, target);
        }
        probe = LambdaFunction.builder("probe", code)
                .handler(HANDLER)
                .timeout(Duration.ofSeconds(3))
                .environment(Map.of("AWS_REGION", "eu-west-1", "PROBE_SETTING", "configured"))
                .workDirectory(work)
                .start();
    }

    @AfterAll
    static void stop() {
        probe.close();
    }

    @Test
    void shouldInvokeWithTheEventTheContextAndOnlyLambdasEnvironment() throws Exception {
        JsonNode answer = JSON.readTree(probe.invoke("{\"hello\":\"world\"}"));

        assertThat(answer.path("payload").path("hello").asText()).isEqualTo("world");
        assertThat(answer.path("requestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(answer.path("remainingMs").asLong()).isBetween(1L, 3_000L);
        assertThat(answer.path("functionName").asText()).isEqualTo("probe");
        assertThat(answer.path("arn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:probe");
        assertThat(answer.path("zone").asText()).isEqualTo("UTC");
        assertThat(answer.path("custom").asText()).isEqualTo("configured");
        assertThat(answer.path("home").isNull())
                .as("nothing leaks in from the launching process")
                .isTrue();
    }

    @Test
    void shouldReportTheFunctionsErrorAsLambdaDoes() {
        assertThatThrownBy(() -> probe.invoke("{\"do\":\"fail\"}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(e.functionStackTrace()).anyMatch(line -> line.contains("ProbeHandler"));
                })
                .hasMessage("Cannot handle a payload that asks to fail");
        assertThat(probe.invoke("{\"after\":\"error\"}")).contains("\"after\":\"error\"");
    }

    @Test
    void shouldTimeOutAndReplaceTheSandbox() {
        long before = probe.coldStarts();

        assertThatThrownBy(() -> probe.invoke("{\"do\":\"sleep\"}"))
                .isInstanceOfSatisfying(
                        LambdaInvocationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("Sandbox.Timedout"))
                .hasMessage("Task timed out after 3 seconds");
        assertThat(probe.invoke("{\"after\":\"timeout\"}")).contains("\"after\":\"timeout\"");
        assertThat(probe.coldStarts()).isEqualTo(before + 1);
    }

    @Test
    void shouldReplaceASandboxThatExits() {
        long before = probe.coldStarts();

        assertThatThrownBy(() -> probe.invoke("{\"do\":\"exit\"}"))
                .isInstanceOfSatisfying(
                        LambdaInvocationException.class,
                        e -> assertThat(e.errorType()).isEqualTo("Runtime.ExitError"));
        assertThat(probe.invoke("{\"after\":\"exit\"}")).contains("\"after\":\"exit\"");
        assertThat(probe.coldStarts()).isEqualTo(before + 1);
    }

    @Test
    void shouldRunTheNextInvocationInAFreshSandboxAfterAKillBetweenInvocations() {
        // The killed sandbox was waiting for its next event: that wait must not swallow the next invocation.
        for (int kill = 1; kill <= 3; kill++) {
            probe.invoke("{\"warm\":" + kill + "}");
            long before = probe.coldStarts();
            await().atMost(Duration.ofSeconds(10)).until(probe::awaitingEvent);

            assertThat(probe.killSandbox()).isTrue();

            assertThat(probe.invoke("{\"after\":\"kill " + kill + "\"}")).contains("\"after\":\"kill " + kill + "\"");
            assertThat(probe.coldStarts()).isEqualTo(before + 1);
        }
    }

    @Test
    void shouldFailAnInvocationWhoseSandboxIsKilledWithRuntimeExitErrorAndRunTheNextOne() throws Exception {
        long before = probe.coldStarts();
        CompletableFuture<String> hanging = CompletableFuture.supplyAsync(() -> probe.invoke("{\"do\":\"sleep\"}"));
        await().atMost(Duration.ofSeconds(10)).until(probe::invoking);
        // Read while the invocation runs, as fault injection watches it: it does not wait for the invocation.
        long during = CompletableFuture.supplyAsync(probe::coldStarts).get(2, TimeUnit.SECONDS);

        assertThat(probe.killSandbox()).isTrue();

        assertThatThrownBy(() -> hanging.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LambdaInvocationException.class)
                .cause()
                .satisfies(e ->
                        assertThat(((LambdaInvocationException) e).errorType()).isEqualTo("Runtime.ExitError"))
                .hasMessageStartingWith("Runtime exited with error: signal: killed");
        assertThat(probe.invoke("{\"after\":\"crash\"}")).contains("\"after\":\"crash\"");
        assertThat(during).isEqualTo(before);
        assertThat(probe.coldStarts()).isEqualTo(before + 1);
    }

    @Test
    void shouldReportAFailedInitOfAFreshSandboxAndRetryItOnTheNextInvocation() throws IOException {
        Path flag = work.resolve("fail-init");
        try (LambdaFunction function = LambdaFunction.builder("flaky", code)
                .handler(HANDLER)
                .environment(Map.of("PROBE_FAIL_INIT_WHILE_EXISTS", flag.toString()))
                .workDirectory(work)
                .start()) {
            Files.writeString(flag, "fail");
            function.killSandbox();

            assertThatThrownBy(() -> function.invoke("{\"n\":1}"))
                    .isInstanceOfSatisfying(
                            LambdaInvocationException.class,
                            e -> assertThat(e.errorType()).isEqualTo("Runtime.InitError"))
                    .hasMessageContaining("fail-init exists");
            Files.delete(flag);
            assertThat(function.invoke("{\"n\":2}")).contains("\"n\":2");
            assertThat(function.coldStarts()).isEqualTo(3);
        }
    }

    @Test
    void shouldFailToStartWithTheFunctionsInitError() {
        assertThatThrownBy(() -> LambdaFunction.builder("broken", code)
                        .handler(HANDLER)
                        .environment(Map.of("PROBE_FAIL_INIT", "true"))
                        .workDirectory(work)
                        .start())
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("Cannot start function broken because its init failed")
                .hasMessageContaining("PROBE_FAIL_INIT");
    }
}
