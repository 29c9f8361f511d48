package dev.tributary.poller;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What one invocation did for one source.
 *
 * @param source the source's name
 * @param rows records produced and acknowledged, all relations together
 * @param batches batches acknowledged
 * @param polls how many times the source was polled (every poll-interval)
 * @param skippedBecauseLeased who holds the source's lease, when another invocation owns it and this one skipped it
 * @param notDueUntil when the source's poll-interval passes, when a scheduled invocation skipped it because it has
 *     not passed since its last poll (intervals of a minute or more are kept across invocations)
 * @param error why polling the source failed, if it did
 * @param relations per table (or the query)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceSummary(
        String source,
        long rows,
        long batches,
        int polls,
        String skippedBecauseLeased,
        String notDueUntil,
        String error,
        List<RelationSummary> relations) {}
