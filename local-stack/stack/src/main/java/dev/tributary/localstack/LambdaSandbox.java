package dev.tributary.localstack;

import dev.tributary.localstack.lambda.LambdaInvocationException;
import dev.tributary.localstack.lambda.RuntimeApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of a function: a JVM running AWS's runtime interface client, and the Runtime API it
 * alone polls. A sandbox that crashed or timed out is never used again: its replacement gets a Runtime API of its
 * own, so nothing the dead one left behind (a long poll still waiting, an init error) can reach it, as on Lambda,
 * where every execution environment has its own.
 */
final class LambdaSandbox implements AutoCloseable {

    /** How often a waiting invocation checks that its sandbox still runs. */
    private static final long LIVENESS_CHECK_MILLIS = 100;
    /** Beyond the function's timeout, the time its response may take to arrive. */
    private static final Duration RESPONSE_SLACK = Duration.ofSeconds(2);

    private final String function;
    private final ChildProcess process;
    private final RuntimeApiServer api;

    private LambdaSandbox(String function, ChildProcess process, RuntimeApiServer api) {
        this.function = function;
        this.process = process;
        this.api = api;
    }

    /**
     * Starts a sandbox; {@link #awaitInit} waits for the function's init.
     *
     * @param environment Lambda's variables and the function's; {@code AWS_LAMBDA_RUNTIME_API} is added here
     * @throws LambdaInvocationException {@code Runtime.ExitError} if the process does not start
     */
    static LambdaSandbox launch(
            String function,
            String functionArn,
            Duration timeout,
            Duration initTimeout,
            List<String> command,
            Map<String, String> environment,
            Path logFile) {
        RuntimeApiServer api = RuntimeApiServer.start(functionArn, timeout);
        try {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            return new LambdaSandbox(
                    function, ChildProcess.start("function " + function, command, env, logFile, initTimeout), api);
        } catch (LocalStackException e) {
            api.close();
            throw new LambdaInvocationException(
                    "Runtime.ExitError", "The sandbox of " + function + " did not start: " + e.getMessage(), List.of());
        }
    }

    /**
     * Waits for the function's init to finish; on failure the sandbox is killed.
     *
     * @throws LambdaInvocationException {@code Runtime.InitError} with the function's init error, or
     *     {@code Runtime.ExitError} if the sandbox exited or did not finish its init within {@code initTimeout}
     */
    void awaitInit(Duration initTimeout, Path logFile) {
        try {
            awaitReady(initTimeout, logFile);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private void awaitReady(Duration initTimeout, Path logFile) {
        long end = System.nanoTime() + initTimeout.toNanos();
        try {
            while (!api.awaitReady(Duration.ofMillis(LIVENESS_CHECK_MILLIS))) {
                if (!process.isAlive()) {
                    throw new LambdaInvocationException(
                            "Runtime.ExitError",
                            "The sandbox of " + function + " exited during its init. End of " + logFile + ":\n"
                                    + ChildProcess.tail(logFile),
                            List.of());
                }
                if (System.nanoTime() > end) {
                    throw new LambdaInvocationException(
                            "Runtime.ExitError",
                            "The sandbox of " + function
                                    + " did not finish its init within " + initTimeout.toSeconds() + " s. End of "
                                    + logFile
                                    + ":\n" + ChildProcess.tail(logFile),
                            List.of());
                }
            }
        } catch (LambdaInvocationException e) {
            if (e.errorType().equals("Runtime.ExitError")) {
                throw e;
            }
            throw new LambdaInvocationException(
                    "Runtime.InitError",
                    e.getMessage() + ". End of " + logFile + ":\n" + ChildProcess.tail(logFile),
                    e.functionStackTrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambdaInvocationException(
                    "Runtime.Interrupted", "Interrupted while starting " + function, List.of());
        }
    }

    /**
     * Runs one invocation to its end: the function's response, or its error. A sandbox that exits during the
     * invocation fails it with {@code Runtime.ExitError}; one that outlives {@code timeout} fails it with
     * {@code Sandbox.Timedout}. Either way the sandbox is dead afterwards ({@link #isAlive()} is false).
     */
    byte[] invoke(byte[] payload, Duration timeout, Path logFile) {
        CompletableFuture<byte[]> result = api.invoke(payload);
        long end = System.nanoTime() + timeout.plus(RESPONSE_SLACK).toNanos();
        while (true) {
            try {
                return result.get(LIVENESS_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LambdaInvocationException error) {
                    throw error;
                }
                throw new LambdaInvocationException("Runtime.Unknown", String.valueOf(e.getCause()), List.of());
            } catch (TimeoutException e) {
                if (result.isDone()) {
                    continue;
                }
                if (!process.isAlive()) {
                    LambdaInvocationException exit = new LambdaInvocationException(
                            "Runtime.ExitError",
                            "Runtime exited with error: " + exitReason(process.exitValue()) + " (sandbox of " + function
                                    + "). End of " + logFile + ":\n" + ChildProcess.tail(logFile),
                            List.of());
                    kill();
                    throw exit;
                }
                if (System.nanoTime() > end) {
                    // Lambda stops the execution environment of a timed-out invocation; the next one starts afresh.
                    kill();
                    throw new LambdaInvocationException(
                            "Sandbox.Timedout", "Task timed out after " + timeout.toSeconds() + " seconds", List.of());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new LambdaInvocationException(
                        "Runtime.Interrupted", "Interrupted while invoking " + function, List.of());
            }
        }
    }

    /** As Lambda words it: {@code signal: killed} for a process ended by a signal, else its exit status. */
    static String exitReason(int status) {
        if (status > 128 && status < 160) {
            String signal = switch (status - 128) {
                case 9 -> "killed";
                case 15 -> "terminated";
                case 6 -> "aborted";
                case 11 -> "segmentation fault";
                default -> "signal " + (status - 128);
            };
            return "signal: " + signal;
        }
        return "exit status " + status;
    }

    /** Whether the function is idle, waiting for its next event. */
    boolean awaitingEvent() {
        return process.isAlive() && api.waitingForEvent();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Ends the sandbox at once, as Lambda ends an execution environment it reclaims (SIGKILL), and fails what was
     * queued for it.
     */
    void kill() {
        process.kill();
        api.close();
    }

    @Override
    public void close() {
        kill();
    }
}
