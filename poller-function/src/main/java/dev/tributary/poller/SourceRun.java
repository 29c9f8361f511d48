package dev.tributary.poller;

import dev.tributary.poller.state.LeaseOutcome;
import dev.tributary.poller.state.Leases;
import java.time.Instant;
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

    /** Whether this invocation polls the source: it holds its lease and has not stopped polling it. */
    boolean active() {
        return owned && !stopped;
    }

    /** Takes the source's lease, unless it is not due; while another invocation holds it, the source is skipped. */
    void takeLease(Leases leases) {
        if (notDueUntil != null) {
            return;
        }
        LeaseOutcome lease = leases.take(name);
        owned = lease.acquired();
        if (!lease.acquired()) {
            skipped = lease.holder().orElse("?") + " until "
                    + lease.heldUntil().map(Instant::toString).orElse("?");
            LOG.infof("Skipping source %s: invocation %s holds its lease", name, skipped);
        }
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
