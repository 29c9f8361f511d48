package dev.tributary.poller;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What invokes the poller: an EventBridge scheduled event (poll every source), the same with a rule input naming
 * sources, or a manual invoke that backfills or resets.
 *
 * <pre>{@code
 * {"version": "0", "detail-type": "Scheduled Event", "source": "aws.events", "time": "…", "detail": {}}
 * {"sources": ["pagila.public."]}
 * {"sources": ["pagila.query"], "backfill": {"from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}}
 * {"sources": ["pagila.query"], "reset": true}
 * {"sources": ["pagila.query"], "once": true}
 * }</pre>
 *
 * @param detailType EventBridge's {@code detail-type}, {@code Scheduled Event} for a schedule
 * @param eventSource EventBridge's {@code source}, {@code aws.events} for a schedule
 * @param time when EventBridge fired the schedule (ISO-8601)
 * @param sources names of the sources to poll; empty or absent for all
 * @param backfill a range to re-read without moving the live mark
 * @param reset restart the named sources from their configured initial position
 * @param once poll each source once and return, instead of polling every poll-interval until the time budget
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PollRequest(
        @JsonProperty("detail-type") String detailType,
        @JsonProperty("source") String eventSource,
        @JsonProperty("time") String time,
        @JsonProperty("sources") List<String> sources,
        @JsonProperty("backfill") Backfill backfill,
        @JsonProperty("reset") boolean reset,
        @JsonProperty("once") boolean once) {

    public PollRequest {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** True when EventBridge's scheduler sent the event, rather than a person or a rule input. */
    public boolean scheduled() {
        return "Scheduled Event".equals(detailType)
                || "aws.events".equals(eventSource)
                || "aws.scheduler".equals(eventSource);
    }

    /**
     * A range of source positions to re-read.
     *
     * @param from inclusive lower bound, as the source's position is written (a timestamp or an id)
     * @param to exclusive upper bound
     */
    @RegisterForReflection
    public record Backfill(
            @JsonProperty("from") String from,
            @JsonProperty("to") String to) {}
}
