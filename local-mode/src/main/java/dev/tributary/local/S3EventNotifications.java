package dev.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.lambda.LambdaInvocationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 event notifications through EventBridge, for the catalog function: the local S3 server has no notifications,
 * so the announced prefixes of the buckets (the sinks' topics directories, which the template's rule matches) are
 * listed every second and each new or rewritten object (a new ETag) becomes the {@code Object Created} event
 * EventBridge delivers, one invocation per event. An event whose invocation fails is
 * delivered again on the next pass, as EventBridge retries.
 */
final class S3EventNotifications implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaFunction catalog;
    private final S3Client s3;
    private final Map<String, Set<String>> prefixes;
    private final Duration every;
    private final Progress progress;
    private final Thread thread;
    /** Read by the tests while the notifications' thread writes it. */
    private final Map<String, String> delivered = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private Instant lastPassStarted = Instant.MIN;
    private String lastPassError;
    private final Set<String> tables = ConcurrentHashMap.newKeySet();
    private long partitions;

    /** @param prefixes the key prefixes announced, by bucket */
    S3EventNotifications(
            LambdaFunction catalog, S3Client s3, Map<String, Set<String>> prefixes, Duration every, Progress progress) {
        this.catalog = catalog;
        this.s3 = s3;
        this.prefixes = Map.copyOf(prefixes);
        this.every = every;
        this.progress = progress;
        this.thread = new Thread(this::run, "s3-event-notifications");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits for a pass that started at or after {@code after} to deliver every event it found.
     *
     * @throws LocalModeException with the catalog's error if that does not happen in time
     */
    synchronized void awaitPassStartedAfter(Instant after, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (lastPassStarted.isBefore(after) || lastPassError != null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new LocalModeException("Cannot finish the step because the catalog did not register the lake's"
                        + " objects within " + timeout.toSeconds() + " s"
                        + (lastPassError == null ? "" : ": " + lastPassError) + " (log: " + catalog.logFile() + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until the next pass of notifications has ended, whatever it found, or the timeout passed. */
    synchronized void awaitNextPass(Duration timeout) throws InterruptedException {
        Instant seen = lastPassStarted;
        long end = System.nanoTime() + timeout.toNanos();
        while (lastPassStarted.equals(seen)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void run() {
        while (!stopping) {
            Instant started = Instant.now();
            String error = pass();
            synchronized (this) {
                lastPassStarted = started;
                lastPassError = error;
                notifyAll();
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The filesystem-backed S3 server writes an upload to {@code <key>-<uuid>} and renames it when complete; a listing
     * can catch that file, which is no object S3 would ever announce.
     */
    private static final Pattern IN_PROGRESS =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /** Lists the buckets and delivers an event per new object; returns the first failure, if any. */
    private String pass() {
        List<ObjectNode> events = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> etags = new ArrayList<>();
        try {
            prefixes.forEach((bucket, announced) -> announced.forEach(prefix -> {
                for (S3Object object : s3.listObjectsV2Paginator(
                                b -> b.bucket(bucket).prefix(prefix))
                        .contents()) {
                    String id = bucket + "/" + object.key();
                    if (!IN_PROGRESS.matcher(object.key()).find()
                            && !object.eTag().equals(delivered.get(id))) {
                        events.add(objectCreated(bucket, object));
                        keys.add(id);
                        etags.add(object.eTag());
                    }
                }
            }));
        } catch (RuntimeException e) {
            return "cannot list the lake: " + e.getMessage();
        }
        if (events.isEmpty()) {
            return null;
        }
        int created = 0;
        int tablesBefore = tables.size();
        List<String> problems = new ArrayList<>();
        String failure = null;
        long begin = System.nanoTime();
        for (int i = 0; i < events.size() && !stopping; i++) {
            try {
                JsonNode response = JSON.readTree(catalog.invoke(events.get(i).toString()));
                delivered.put(keys.get(i), etags.get(i));
                created += response.path("partitionsCreated").asInt();
                response.path("tablesCreated").forEach(t -> tables.add(t.asText()));
                response.path("problems").forEach(p -> problems.add(p.asText()));
            } catch (LambdaInvocationException | IOException e) {
                String message = e instanceof LambdaInvocationException l
                        ? l.errorType() + ": " + PollerSchedule.firstLine(l.getMessage())
                        : e.toString();
                failure = failure == null ? "the catalog failed on " + keys.get(i) + ": " + message : failure;
            }
        }
        synchronized (this) {
            partitions += created;
        }
        progress.line(
                "catalog",
                String.format(
                        "%d object events -> %d new tables, %d new partitions (%.0f ms per" + " invocation)%s",
                        events.size(),
                        tables.size() - tablesBefore,
                        created,
                        (System.nanoTime() - begin) / 1e6 / events.size(),
                        failure == null ? "" : "; " + failure));
        problems.forEach(p -> progress.line("catalog", "problem: " + p));
        return failure;
    }

    /** The event EventBridge delivers for an S3 object creation. */
    private static ObjectNode objectCreated(String bucket, S3Object object) {
        ObjectNode event = EventBridgeEvents.envelope(
                "Object Created", "aws.s3", object.lastModified().toString(), "arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object")
                .put("key", object.key())
                .put("size", object.size())
                .put("etag", object.eTag().replace("\"", ""))
                .put("sequencer", Long.toHexString(System.nanoTime()));
        detail.put("request-id", UUID.randomUUID().toString());
        detail.put("requester", EventBridgeEvents.ACCOUNT);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", "PutObject");
        return event;
    }

    /** The objects announced so far, as bucket/key. */
    Set<String> announcedObjects() {
        return Set.copyOf(delivered.keySet());
    }

    synchronized int tables() {
        return tables.size();
    }

    synchronized long partitions() {
        return partitions;
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
