package dev.tributary.poller;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one invocation did for one table (or the query) of a source.
 *
 * @param relation {@code schema.table}, or {@code query}
 * @param topic the topic its records went to
 * @param rows records produced and acknowledged
 * @param bytes their size, keys and values, before compression
 * @param batches batches acknowledged (each moved the mark)
 * @param filtered rows a transform dropped
 * @param deadLettered rows sent to the dead-letter topic
 * @param markBefore the high-water mark when the invocation started (null: none yet)
 * @param markAfter the high-water mark when it ended
 * @param lagSeconds how far behind the database clock capture is: to the safe upper bound when caught up, else to
 *     the mark (null for modes without a change time)
 * @param caughtUp whether the last poll read every row below the safe upper bound
 * @param reconciliation what the last reconciliation of its deletes in this invocation did (capture reconcile)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelationSummary(
        String relation,
        String topic,
        long rows,
        long bytes,
        long batches,
        long filtered,
        long deadLettered,
        String markBefore,
        String markAfter,
        Double lagSeconds,
        boolean caughtUp,
        Reconciliation reconciliation) {

    /**
     * One reconciliation.
     *
     * @param lakeKeys keys the lake held
     * @param relationKeys keys the relation had
     * @param deletes deletes produced
     * @param seconds how long it took
     */
    @RegisterForReflection
    public record Reconciliation(long lakeKeys, long relationKeys, long deletes, double seconds) {}
}
