package dev.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.lambda.LambdaInvocationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The template's maintenance schedule ({@code IcebergMaintenanceSchedule}): EventBridge invokes the sink with
 * {@code {"maintenance": {}}} at a fixed rate, which compacts each Iceberg table, expires its old snapshots and
 * deletes its orphan files. The invocations run in a sandbox of their own, started at the first tick, as Lambda runs
 * a scheduled invocation beside the event source mapping's: maintenance commits while batches commit.
 */
final class MaintenanceSchedule implements AutoCloseable {

    static final String EVENT = "{\"maintenance\": {}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<LambdaFunction> sandbox;
    private final Duration rate;
    private final Progress progress;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "maintenance-schedule");
        thread.setDaemon(true);
        return thread;
    });
    private LambdaFunction sink;
    private long completed;
    private volatile boolean closing;

    /**
     * @param sandbox starts the sink's sandbox for maintenance (once)
     */
    private volatile Instant started = Instant.now();
    /** Runs that ended, succeeded or failed. */
    private long ended;

    MaintenanceSchedule(Supplier<LambdaFunction> sandbox, Duration rate, Progress progress) {
        this.sandbox = sandbox;
        this.rate = rate;
        this.progress = progress;
    }

    void start() {
        started = Instant.now();
        timer.scheduleAtFixedRate(this::fire, rate.toMillis(), rate.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until no maintenance runs now or is due within {@code margin}: every run the schedule has fired, or
     * fires within the margin, has ended (succeeded or failed).
     *
     * @return whether that happened within {@code timeout}
     */
    synchronized boolean awaitQuietFor(Duration margin, Duration timeout) throws InterruptedException {
        long due = (Duration.between(started, Instant.now()).plus(margin).toMillis()) / rate.toMillis();
        return awaitUntil(() -> ended >= due, timeout);
    }

    /** Maintenance invocations that succeeded so far. */
    synchronized long completed() {
        return completed;
    }

    /**
     * Waits until {@code count} maintenance invocations have succeeded in all.
     *
     * @return whether they did within {@code timeout}
     */
    synchronized boolean awaitCompleted(long count, Duration timeout) throws InterruptedException {
        return awaitUntil(() -> completed >= count, timeout);
    }

    /** Waits, holding the lock between checks, until {@code condition} holds or {@code timeout} passes. */
    private synchronized boolean awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void fire() {
        try {
            invokeSink();
        } finally {
            synchronized (this) {
                ended++;
                notifyAll();
            }
        }
    }

    private void invokeSink() {
        try {
            LambdaFunction function;
            synchronized (this) {
                if (closing) {
                    return;
                }
                if (sink == null) {
                    sink = sandbox.get();
                }
                function = sink;
            }
            JsonNode response = JSON.readTree(function.invoke(EVENT));
            for (JsonNode table : response.path("maintained")) {
                progress.line("maintenance", table.asText());
            }
            synchronized (this) {
                completed++;
                notifyAll();
            }
        } catch (LambdaInvocationException e) {
            if (!closing) {
                progress.line(
                        "maintenance",
                        "invocation failed: " + e.errorType() + ": " + PollerSchedule.firstLine(e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                progress.line("maintenance", "invocation failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
        synchronized (this) {
            if (sink != null) {
                sink.close();
            }
        }
    }
}
