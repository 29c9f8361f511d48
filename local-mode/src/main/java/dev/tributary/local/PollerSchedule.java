package dev.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.lambda.LambdaInvocationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge's schedule rule for the poller: a {@code Scheduled Event} at a fixed rate, each invoking the poller
 * function. Ticks come at a fixed rate, as EventBridge's do, whatever the invocations take; a tick that comes while
 * the previous invocation still runs waits for it (one sandbox).
 */
final class PollerSchedule implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaFunction poller;
    private final Duration rate;
    private final Progress progress;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "poller-schedule");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Run> runs = new ArrayList<>();
    private long rows;
    private volatile boolean closing;

    PollerSchedule(LambdaFunction poller, Duration rate, Progress progress) {
        this.poller = poller;
        this.rate = rate;
        this.progress = progress;
    }

    /** One invocation: when it started, and its response or error. */
    record Run(Instant started, Optional<JsonNode> response, Optional<String> error) {

        /** Every relation of every source read up to the safe upper bound, and no source failed. */
        boolean caughtUp() {
            if (response.isEmpty()) {
                return false;
            }
            for (JsonNode source : response.get().path("sources")) {
                if (!source.path("error").isNull() && !source.path("error").isMissingNode()) {
                    return false;
                }
                for (JsonNode relation : source.path("relations")) {
                    if (!relation.path("caughtUp").asBoolean()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    void start() {
        timer.scheduleAtFixedRate(this::fire, 0, rate.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Rows the poller produced so far. */
    synchronized long rows() {
        return rows;
    }

    /**
     * Waits for an invocation that started at or after {@code after} and caught every relation up.
     *
     * @throws LocalModeException with the last invocation's error if none did in time
     */
    Run awaitCaughtUpRunStartedAfter(Instant after, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Run run : runs) {
                    if (!run.started().isBefore(after) && run.caughtUp()) {
                        return run;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    String last = runs.isEmpty()
                            ? "no invocation finished"
                            : runs.get(runs.size() - 1).error().orElse("the last invocation had not caught up");
                    throw new LocalModeException("Cannot finish the step because the poller did not catch up within "
                            + timeout.toSeconds() + " s: " + last + " (log: " + poller.logFile() + ")");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The invocations that started at or after {@code after} and have ended, oldest first. */
    synchronized List<Run> runsStartedAfter(Instant after) {
        return runs.stream().filter(r -> !r.started().isBefore(after)).toList();
    }

    /** The event an EventBridge schedule rule sends, as JSON text. */
    static String scheduledEventNow() {
        return scheduledEvent(Instant.now());
    }

    private void fire() {
        Instant started = Instant.now();
        Run run;
        try {
            JsonNode response = JSON.readTree(poller.invoke(scheduledEvent(started)));
            run = new Run(started, Optional.of(response), Optional.empty());
            report(response);
        } catch (LambdaInvocationException e) {
            if (closing) {
                return;
            }
            run = new Run(started, Optional.empty(), Optional.of(e.errorType() + ": " + e.getMessage()));
            progress.line("poller", "invocation failed: " + e.errorType() + ": " + firstLine(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            run = new Run(started, Optional.empty(), Optional.of(e.toString()));
            progress.line("poller", "invocation failed: " + e);
        }
        synchronized (this) {
            runs.add(run);
            if (runs.size() > 100) {
                runs.remove(0);
            }
            notifyAll();
        }
    }

    private void report(JsonNode response) {
        long produced = response.path("rows").asLong();
        synchronized (this) {
            rows += produced;
        }
        if (produced == 0) {
            return;
        }
        long batches = 0;
        double lag = 0;
        List<String> relations = new ArrayList<>();
        for (JsonNode source : response.path("sources")) {
            batches += source.path("batches").asLong();
            for (JsonNode relation : source.path("relations")) {
                if (relation.path("rows").asLong() > 0) {
                    relations.add(relation.path("topic").asText() + " "
                            + relation.path("rows").asLong());
                }
                lag = Math.max(lag, relation.path("lagSeconds").asDouble(0));
            }
        }
        progress.line(
                "poller",
                String.format(
                        "%,d rows in %d batches, lag %.1f s: %s",
                        produced, batches, lag, String.join(", ", relations)));
    }

    /** The event an EventBridge schedule rule sends. */
    private static String scheduledEvent(Instant time) {
        ObjectNode event = EventBridgeEvents.envelope(
                "Scheduled Event",
                "aws.events",
                time.truncatedTo(ChronoUnit.SECONDS).toString(),
                "arn:aws:events:" + EventBridgeEvents.REGION + ":" + EventBridgeEvents.ACCOUNT
                        + ":rule/tributary-poller-schedule");
        event.putObject("detail");
        return event.toString();
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
    }
}
