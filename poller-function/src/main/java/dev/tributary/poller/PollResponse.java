package dev.tributary.poller;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What one poller invocation did.
 *
 * @param trigger {@code schedule}, {@code manual}, {@code backfill} or {@code reset}
 * @param rows records produced and acknowledged, all sources together
 * @param sources per source
 */
@RegisterForReflection
public record PollResponse(String trigger, long rows, List<SourceSummary> sources) {}
