package dev.tributary.local;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.localstack.LocalStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One run of local mode: the local services, the pipeline's resources on them (buckets, state table, the database
 * secret), the three functions in their sandboxes, and what fires them. Closing it stops everything it started.
 */
final class LocalRun implements AutoCloseable {

    static final String LAKE_BUCKET = "tributary-lake";
    private final LocalOptions options;
    private final Progress progress;
    private final Wiring wiring;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private boolean closed;
    LocalStack stack;
    SourceDatabase database;
    boolean sampleCreated;
    PipelineConfig pipeline;
    S3Client s3;
    GlueClient glue;
    LocalFunctions functions;
    PollerSchedule schedule;
    /** Present when a sink keeps Iceberg tables. */
    Optional<MaintenanceSchedule> maintenance = Optional.empty();

    KafkaEventSourceMapping mapping;
    S3EventNotifications notifications;

    LocalRun(LocalOptions options, Progress progress) {
        this(options, progress, Wiring.DIRECT);
    }

    /** For tests: the functions reach the services as {@code wiring} says, with its limits. */
    LocalRun(LocalOptions options, Progress progress, Wiring wiring) {
        this.options = options;
        this.progress = progress;
        this.wiring = wiring;
    }

    /**
     * How the functions are set up: the AWS endpoints they get (the fault-injection tests put proxies in between)
     * and their limits.
     */
    interface Wiring {

        Wiring DIRECT = new Wiring() {};

        /** The endpoint variables ({@code AWS_ENDPOINT_URL_*}) the functions get, given the services' own. */
        default Map<String, String> endpoints(LocalStack stack, Map<String, String> aws) {
            return aws;
        }

        default LocalFunctions.Limits limits() {
            return LocalFunctions.Limits.DEFAULT;
        }

        /** Changes the source database once it has its tables, before the functions start (a test's schema). */
        default void prepare(Connection database) throws SQLException {}
    }

    /** Starts the services, creates the pipeline's resources, starts the functions and what fires them. */
    void start() {
        WorkDirectories.prepare(List.of(options.workDirectory(), options.lakeDirectory()));
        progress.section("Local services");
        long begin = System.nanoTime();
        stack = LocalStack.builder()
                .workDirectory(options.workDirectory().resolve("services"))
                .s3Directory(options.lakeDirectory())
                .build();
        track(stack);
        Map<String, String> aws = stack.awsEnvironment();
        String bootstrap = stack.kafka().bootstrapServers();
        progress.line(
                "services",
                String.format(
                        "Kafka %s, S3 %s, DynamoDB %s, Glue %s, Secrets Manager %s (%.1f s)",
                        bootstrap,
                        stack.s3().uri(),
                        stack.dynamoDb().uri(),
                        stack.glue().uri(),
                        stack.secretsManager().uri(),
                        (System.nanoTime() - begin) / 1e9));

        database = options.jdbcUrl()
                .map(url -> SourceDatabase.existing(url, options.dbUser(), options.dbPassword(), options.dbSslMode()))
                .orElseGet(() -> SourceDatabase.embedded(stack));
        // The embedded database always gets the sample, the only data it could have; another only for the seed.
        if (options.seedWalkthrough() || options.jdbcUrl().isEmpty()) {
            sampleCreated = database.createSampleIfAbsent();
            progress.line(
                    "postgres",
                    (sampleCreated
                                    ? "loaded the generated Pagila sample (109 countries, 600 cities,"
                                            + " 603 addresses) into "
                                    : "using the existing tables of ")
                            + database.jdbcUrl());
        } else {
            progress.line("postgres", "capturing from " + database.jdbcUrl());
        }

        Map<String, String> pipelineEnvironment = new LinkedHashMap<>();
        pipelineEnvironment.put("TRIBUTARY_DB_SECRET_ID", AwsResources.SECRET_ID);
        pipelineEnvironment.put("TRIBUTARY_DB_SSL_MODE", database.sslMode());
        pipelineEnvironment.put("TRIBUTARY_BOOTSTRAP_SERVERS", bootstrap);
        pipelineEnvironment.put("TRIBUTARY_KAFKA_AUTH", "none");
        pipelineEnvironment.put("TRIBUTARY_STATE_TABLE", "tributary-state");
        pipelineEnvironment.put("TRIBUTARY_LAKE_BUCKET", LAKE_BUCKET);
        pipelineEnvironment.put("TRIBUTARY_GLUE_DATABASE", "pagila_lake");
        // Kafka Connect connectors name their own database; locally they capture this one.
        pipelineEnvironment.put("TRIBUTARY_DB_JDBC_URL", database.jdbcUrl());
        Path pipelineFile = PipelineFiles.write(options);
        Map<String, String> parseEnvironment = new LinkedHashMap<>(System.getenv());
        parseEnvironment.putAll(pipelineEnvironment);
        pipeline = PipelineFiles.load(options, pipelineFile, parseEnvironment, progress);
        try (Connection connection = database.connect()) {
            wiring.prepare(connection);
        } catch (SQLException e) {
            throw new LocalModeException("Cannot prepare the source database: " + e.getMessage(), e);
        }
        List<String> logged = DeleteLogSetup.install(database, pipeline);
        if (!logged.isEmpty()) {
            progress.line("postgres", "deletes logged (infra/sql/install.sql): " + String.join("; ", logged));
        }
        s3 = AwsResources.s3(stack);
        track(s3);
        glue = AwsResources.glue(stack);
        track(glue);
        AwsResources.create(stack, s3, glue, pipeline, buckets(), database.secretJson(), progress);

        progress.section("Functions (packaged function.zip, AWS's Lambda runtime interface client)");
        Map<String, String> environment = new LinkedHashMap<>(wiring.endpoints(stack, aws));
        environment.put("AWS_DEFAULT_REGION", aws.get("AWS_REGION"));
        // The local S3 server answers on 127.0.0.1 only: bucket names cannot be host names there.
        environment.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        environment.put("TRIBUTARY_CONFIG", pipelineFile.toString());
        environment.putAll(pipelineEnvironment);
        functions = LocalFunctions.start(
                options.workDirectory().resolve("functions"), environment, wiring.limits(), progress);
        track(functions);

        schedule = new PollerSchedule(functions.poller, options.schedule(), progress);
        mapping = new KafkaEventSourceMapping(
                functions.sink,
                bootstrap,
                sinkTopics(pipeline.sinks()),
                1_000,
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                options.workDirectory().resolve("on-failure"),
                progress);
        notifications = new S3EventNotifications(functions.catalog, s3, announced(), Duration.ofSeconds(1), progress);
        track(schedule);
        track(mapping);
        track(notifications);
        progress.line(
                "triggers",
                "schedule every " + options.schedule().toSeconds() + " s -> poller; MSK event source"
                        + " mapping (batch 1,000 records or 500 ms) -> sink; S3 Object Created events -> catalog");
        if (pipeline.sinks().stream().anyMatch(s -> s.format() == SinkConfig.Format.ICEBERG)) {
            MaintenanceSchedule iceberg = new MaintenanceSchedule(
                    () -> functions.concurrentSink("tributary-sink-maintenance"), options.maintenance(), progress);
            track(iceberg);
            maintenance = Optional.of(iceberg);
            progress.line(
                    "triggers",
                    "schedule every " + options.maintenance().toSeconds() + " s -> sink "
                            + MaintenanceSchedule.EVENT
                            + " (a sandbox of its own): Iceberg compaction, snapshot expiry,"
                            + " orphan files");
            iceberg.start();
        }
        schedule.start();
        mapping.start();
        notifications.start();
    }

    /**
     * What S3 announces to the catalog, by bucket: the objects under each file sink's {@code topics-dir}, as the
     * template's EventBridge rule matches them (key prefix {@code <TopicsDir>/}). An Iceberg sink's files and the
     * dead letters are not announced: the sink keeps its tables in Glue itself.
     */
    Map<String, Set<String>> announced() {
        Map<String, Set<String>> prefixes = new LinkedHashMap<>();
        for (SinkConfig sink : pipeline.sinks()) {
            if (sink.format() != SinkConfig.Format.ICEBERG) {
                prefixes.computeIfAbsent(sink.bucket(), b -> new LinkedHashSet<>())
                        .add(sink.topicsDir() + "/");
            }
        }
        return prefixes;
    }

    /** The sinks' buckets. */
    Set<String> buckets() {
        Set<String> buckets = new LinkedHashSet<>();
        pipeline.sinks().forEach(s -> buckets.add(s.bucket()));
        return buckets;
    }

    /** One pattern for every topic a sink takes, as one mapping per topic would consume them. */
    static Pattern sinkTopics(List<SinkConfig> sinks) {
        List<String> alternatives = new ArrayList<>();
        for (SinkConfig sink : sinks) {
            sink.topics().forEach(t -> alternatives.add(Pattern.quote(t)));
            sink.topicsRegex().ifPresent(p -> alternatives.add("(?:" + p.pattern() + ")"));
        }
        return Pattern.compile(String.join("|", alternatives));
    }

    /**
     * Registers something to close with the run; if the run was closed meanwhile (Ctrl-C during start-up), closes it
     * at once and stops the start.
     */
    private synchronized void track(AutoCloseable resource) {
        if (closed) {
            closeQuietly(resource);
            throw new LocalModeException("Stopped while starting");
        }
        opened.add(resource);
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            progress.line("stop", "could not stop cleanly: " + e);
        }
    }

    /** Stops everything started so far, newest first; safe to call again, and from another thread. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = opened.size() - 1; i >= 0; i--) {
            closeQuietly(opened.get(i));
        }
        opened.clear();
    }
}
