package dev.tributary.poller;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.UpperBoundReader;
import dev.tributary.poller.database.DatabaseConnector;
import dev.tributary.poller.database.DatabaseFailures;
import dev.tributary.poller.database.SecretReader;
import dev.tributary.poller.kafka.AsyncSender;
import dev.tributary.poller.kafka.KafkaClientProperties;
import dev.tributary.poller.kafka.RecordProducer;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.SourceCatalog;
import dev.tributary.poller.state.Leases;
import dev.tributary.poller.state.MarkConflictException;
import dev.tributary.poller.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * The poller: sources resolved against the database at start-up, then, per invocation, leases taken, relations
 * polled every poll-interval until the time budget is spent, and a summary returned.
 *
 * <p>One poller serves many invocations of a warm Lambda container; it is not used by two invocations at once.
 */
public final class Poller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Poller.class);

    private final PipelineConfig pipeline;
    private final StateStore store;
    private final RecordProducer producer;
    private final AsyncSender sender;
    private final ExecutorService markWriter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "tributary-mark-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tributary-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration leaseDuration;
    private final PollIntervals intervals;
    private final Clock clock;
    private final Map<String, List<CaptureTarget>> targets;
    private final Map<String, TransformChain<SourceRecord>> transforms;
    private final DeleteUpkeep deletes;
    private final PollerConnection connection;

    private Poller(
            PipelineConfig pipeline,
            DatabaseConnector connector,
            StateStore store,
            RecordProducer producer,
            Connection connection,
            UpperBoundReader bounds,
            Map<String, List<CaptureTarget>> targets,
            Map<String, TransformChain<SourceRecord>> transforms,
            Duration leaseDuration,
            Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
        this.intervals = new PollIntervals(store, clock);
        this.leaseDuration = leaseDuration;
        this.store = store;
        this.producer = producer;
        this.sender = new AsyncSender(producer);
        this.connection = new PollerConnection(connector, pipeline.database(), connection, bounds);
        this.targets = targets;
        this.transforms = transforms;
        this.deletes = new DeleteUpkeep(pipeline, store);
        deletes.register(connection, targets);
    }

    /**
     * Resolves every source against the database and prepares Kafka: start-up work, so that a bad table, column,
     * transform or secret stops the function before its first invocation.
     *
     * @throws ConfigException for anything the pipeline gets wrong
     * @throws SQLException if the database cannot be reached
     */
    public static Poller start(PipelineConfig pipeline, SecretReader secrets, StateStore store) throws SQLException {
        return start(pipeline, secrets, store, Leases.DEFAULT_DURATION);
    }

    /**
     * {@link #start(PipelineConfig, SecretReader, StateStore)} with the leases' duration: how long a crashed
     * invocation keeps the next one off its sources.
     */
    public static Poller start(PipelineConfig pipeline, SecretReader secrets, StateStore store, Duration leaseDuration)
            throws SQLException {
        return start(pipeline, secrets, store, leaseDuration, Clock.systemUTC());
    }

    /**
     * {@link #start(PipelineConfig, SecretReader, StateStore, Duration)} with the clock a source's poll-interval is
     * kept by across invocations.
     */
    public static Poller start(
            PipelineConfig pipeline, SecretReader secrets, StateStore store, Duration leaseDuration, Clock clock)
            throws SQLException {
        Map<String, TransformChain<SourceRecord>> transforms = new LinkedHashMap<>();
        try {
            for (SourceConfig source : pipeline.sources()) {
                transforms.put(source.name(), TransformChain.of(source.transforms()));
            }
            DatabaseConnector connector = DatabaseConnector.of(pipeline.database(), secrets);
            Connection connection = connector.open();
            try {
                Map<String, List<CaptureTarget>> targets = new LinkedHashMap<>();
                SourceCatalog catalog =
                        SourceCatalog.of(connection, pipeline.database().timezone());
                for (int i = 0; i < pipeline.sources().size(); i++) {
                    SourceConfig source = pipeline.sources().get(i);
                    targets.put(source.name(), catalog.resolve(source, "sources[" + i + "]"));
                }
                UpperBoundReader bounds =
                        UpperBoundReader.of(connection, pipeline.database().inFlightGuard());
                RecordProducer producer = new RecordProducer(
                        KafkaClientProperties.producer(pipeline.kafka(), secrets),
                        KafkaClientProperties.common(pipeline.kafka(), secrets),
                        pipeline.kafka());
                LOG.infof(
                        "Poller ready: %d sources, %d relations, database %s as %s",
                        targets.size(),
                        targets.values().stream().mapToInt(List::size).sum(),
                        connector.jdbcUrl(),
                        connector.username());
                return new Poller(
                        pipeline,
                        connector,
                        store,
                        producer,
                        connection,
                        bounds,
                        targets,
                        transforms,
                        leaseDuration,
                        clock);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            transforms.values().forEach(TransformChain::close);
            throw e;
        }
    }

    /** The names of the configured sources, in file order. */
    public List<String> sourceNames() {
        return List.copyOf(targets.keySet());
    }

    /**
     * Serves one invocation.
     *
     * @param request what to poll and how
     * @param owner a unique id of this invocation, which holds the leases
     * @param budgetEnd when to stop polling; the invocation returns soon after
     * @throws IllegalArgumentException if the request names an unknown source or an impossible backfill
     */
    public PollResponse poll(PollRequest request, String owner, Instant budgetEnd) {
        return poll(request, owner, budgetEnd, Instant.MAX);
    }

    /**
     * Serves one invocation that must answer by {@code deadline}: a batch whose acknowledgements have not come by
     * then (the broker restarting, say) fails as a retriable delivery failure, its mark unmoved, and the invocation
     * answers in time instead of being ended by Lambda's timeout.
     */
    public PollResponse poll(PollRequest request, String owner, Instant budgetEnd, Instant deadline) {
        List<String> names = request.sources().isEmpty() ? sourceNames() : request.sources();
        connection.dropIfStale();
        for (String name : names) {
            if (!targets.containsKey(name)) {
                throw new IllegalArgumentException("Cannot poll source '" + name + "' because no source has that name;"
                        + " the sources are " + sourceNames());
            }
        }
        String trigger = request.backfill() != null
                ? "backfill"
                : request.reset() ? "reset" : request.scheduled() ? "schedule" : "manual";
        Map<String, SourceRun> runs = new LinkedHashMap<>();
        PollContext context = new PollContext(
                producer,
                sender,
                store,
                markWriter,
                connection.bounds(),
                pipeline.kafka().deadLetterTopic(),
                pipeline.database().fetchSize(),
                pipeline.database().timezone(),
                deadline);
        for (String name : names) {
            runs.put(
                    name,
                    new SourceRun(
                            name,
                            targets.get(name).stream()
                                    .map(t ->
                                            new RelationPoller(t, transforms.get(name), context, deletes.reconciler(t)))
                                    .toList()));
        }
        try (Leases leases = new Leases(store, owner, leaseDuration, leaseTimer)) {
            if (request.backfill() != null) {
                backfill(request.backfill(), runs.values(), budgetEnd);
            } else {
                if (request.scheduled() && !request.reset()) {
                    skipSourcesNotDue(runs.values());
                }
                runs.values().forEach(run -> run.takeLease(leases));
                if (request.reset()) {
                    runs.values().stream()
                            .filter(r -> r.owned)
                            .forEach(r -> r.relations.forEach(RelationPoller::reset));
                }
                pollUntil(runs.values(), budgetEnd, request.once(), leases);
            }
        } finally {
            // A relation whose columns changed was resolved again: later invocations of this warm container start
            // from the new columns instead of finding the change anew each time.
            runs.values()
                    .forEach(r -> targets.put(
                            r.name,
                            r.relations.stream().map(RelationPoller::target).toList()));
        }
        List<SourceSummary> summaries =
                runs.values().stream().map(SourceRun::summary).toList();
        return new PollResponse(
                trigger, summaries.stream().mapToLong(SourceSummary::rows).sum(), summaries);
    }

    /** Leaves out the sources whose poll-interval, kept across invocations, has not passed since their last poll. */
    private void skipSourcesNotDue(Iterable<SourceRun> runs) {
        for (SourceRun run : runs) {
            Duration interval = pipeline.source(run.name).orElseThrow().pollInterval();
            intervals.notDueUntil(run.name, interval).ifPresent(due -> {
                run.owned = false;
                run.notDueUntil = due.toString();
                LOG.debugf(
                        "Skipping source %s: its poll-interval %s has not passed since its last poll; due at %s",
                        run.name, interval, due);
            });
        }
    }

    private void pollUntil(Iterable<SourceRun> runs, Instant budgetEnd, boolean once, Leases leases) {
        Map<SourceRun, Instant> due = new HashMap<>();
        while (true) {
            for (SourceRun run : runs) {
                if (run.active() && leases.lost(run.name)) {
                    run.fail(
                            "Another invocation took the lease of source " + run.name + " over: this one stops"
                                    + " polling it",
                            true);
                }
                if (!run.active()) {
                    continue;
                }
                Instant next = due.getOrDefault(run, Instant.MIN);
                if (Instant.now().isBefore(next)) {
                    continue;
                }
                SourceConfig source = pipeline.source(run.name).orElseThrow();
                due.put(run, Instant.now().plus(source.pollInterval()));
                pollSource(run, budgetEnd);
            }
            if (once) {
                return;
            }
            Optional<Instant> nextDue = due.entrySet().stream()
                    .filter(e -> e.getKey().active())
                    .map(Map.Entry::getValue)
                    .min(Instant::compareTo);
            if (nextDue.isEmpty() || !nextDue.get().isBefore(budgetEnd)) {
                return;
            }
            Duration wait = Duration.between(Instant.now(), nextDue.get());
            if (!wait.isNegative()) {
                LockSupport.parkNanos(wait.toNanos());
            }
        }
    }

    private void pollSource(SourceRun run, Instant budgetEnd) {
        run.polls++;
        Instant started = clock.instant();
        int failuresBefore = run.failures;
        pollRelations(run, budgetEnd);
        if (run.failures == failuresBefore) {
            intervals.polled(run.name, pipeline.source(run.name).orElseThrow().pollInterval(), started);
        }
    }

    private void pollRelations(SourceRun run, Instant budgetEnd) {
        for (RelationPoller relation : run.relations) {
            try {
                relation.poll(connection.get(), budgetEnd);
                deletes.afterPoll(run.name, relation, connection);
            } catch (MarkConflictException e) {
                run.fail(e.getMessage(), true);
                return;
            } catch (SQLException e) {
                // One table failing (dropped, no privilege, a bad cast) must not starve the source's other tables:
                // the next one gets a fresh connection. A failure that may pass is tried again on the next round.
                connection.close();
                run.fail(
                        "Cannot read " + relation.label() + " of " + run.name + " from the database because "
                                + e.getMessage() + DatabaseFailures.advice(e, connection.username()),
                        DatabaseFailures.kind(e) == Kind.PERMANENT);
            } catch (PipelineFailure e) {
                // The mark did not move; a failure that may pass is tried again on the next round.
                run.fail(e.getMessage(), !e.retriable());
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Polling source %s failed", run.name);
                run.fail(e.getMessage(), true);
                return;
            }
        }
    }

    private void backfill(PollRequest.Backfill range, Iterable<SourceRun> runs, Instant budgetEnd) {
        if (range.from() == null || range.to() == null) {
            throw new IllegalArgumentException(
                    "Cannot backfill because the request lacks backfill.from or backfill.to");
        }
        for (SourceRun run : runs) {
            run.polls++;
            for (RelationPoller relation : run.relations) {
                try {
                    relation.backfill(connection.get(), range.from(), range.to(), budgetEnd);
                } catch (SQLException e) {
                    connection.close();
                    run.fail(
                            "Cannot backfill " + run.name + " because " + e.getMessage()
                                    + DatabaseFailures.advice(e, connection.username()),
                            true);
                } catch (PipelineFailure e) {
                    run.fail(e.getMessage(), true);
                }
            }
        }
    }

    @Override
    public void close() {
        transforms.values().forEach(TransformChain::close);
        sender.close();
        markWriter.shutdown();
        leaseTimer.shutdownNow();
        producer.close();
        connection.close();
    }
}
