package dev.tributary.poller.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.RelationSummary;
import dev.tributary.poller.SourceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An invocation's metrics in CloudWatch's embedded metric format: one log line per source, which CloudWatch Logs
 * turns into metrics without an API call from the function. Per source and in aggregate (no dimension):
 * {@code LagSeconds} (the oldest relation's distance behind the safe upper bound), {@code RowsPolled} and
 * {@code SourceErrors}. Pure.
 */
public final class PollMetrics {

    /** Metric names, as alarms refer to them. */
    public static final String LAG = "LagSeconds";

    public static final String ROWS = "RowsPolled";
    public static final String ERRORS = "SourceErrors";
    /** The dimension that names a source. */
    public static final String SOURCE = "Source";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PollMetrics() {}

    /**
     * The log lines for an invocation's response; sources skipped (another invocation held them, or their
     * poll-interval had not passed), none.
     */
    public static List<String> lines(PollResponse response, String namespace, Instant at) {
        List<String> lines = new ArrayList<>();
        for (SourceSummary source : response.sources()) {
            if (source.skippedBecauseLeased() != null || source.notDueUntil() != null) {
                continue;
            }
            ObjectNode line = JSON.createObjectNode();
            ObjectNode aws = line.putObject("_aws");
            aws.put("Timestamp", at.toEpochMilli());
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", namespace);
            ArrayNode dimensions = directive.putArray("Dimensions");
            dimensions.addArray().add(SOURCE);
            dimensions.addArray();
            ArrayNode metrics = directive.putArray("Metrics");
            line.put(SOURCE, source.source());
            Double lag = lag(source);
            if (lag != null) {
                metrics.addObject().put("Name", LAG).put("Unit", "Seconds");
                line.put(LAG, lag);
            }
            metrics.addObject().put("Name", ROWS).put("Unit", "Count");
            line.put(ROWS, source.rows());
            metrics.addObject().put("Name", ERRORS).put("Unit", "Count");
            line.put(ERRORS, source.error() == null ? 0 : 1);
            lines.add(line.toString());
        }
        return lines;
    }

    /** The largest lag of the source's relations; null when none is known (a failed source, for one). */
    private static Double lag(SourceSummary source) {
        Double lag = null;
        for (RelationSummary relation : source.relations()) {
            if (relation.lagSeconds() != null) {
                lag = lag == null ? relation.lagSeconds() : Math.max(lag, relation.lagSeconds());
            }
        }
        return lag;
    }
}
