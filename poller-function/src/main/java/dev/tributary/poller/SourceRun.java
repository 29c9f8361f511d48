package dev.tributary.poller;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** One source within one invocation: its relations, whether this invocation polls it, and what happened. */
final class SourceRun {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    final String name;
    final List<RelationPoller> relations;
    boolean owned = true;
    boolean stopped;
    int polls;
    /** How many times polling it failed, in this invocation. */
    int failures;

    String skipped;
    String notDueUntil;
    String error;

    SourceRun(String name, List<RelationPoller> relations) {
        this.name = name;
        this.relations = relations;
    }

    void fail(String message, boolean stop) {
        LOG.errorf("Source %s: %s", name, message);
        failures++;
        error = message;
        stopped = stopped || stop;
    }

    SourceSummary summary() {
        List<RelationSummary> relationSummaries = new ArrayList<>();
        relations.forEach(r -> relationSummaries.add(r.summary()));
        return new SourceSummary(
                name,
                relations.stream().mapToLong(RelationPoller::rows).sum(),
                relations.stream().mapToLong(RelationPoller::batches).sum(),
                polls,
                skipped,
                notDueUntil,
                error,
                skipped != null || notDueUntil != null ? List.of() : relationSummaries);
    }
}
