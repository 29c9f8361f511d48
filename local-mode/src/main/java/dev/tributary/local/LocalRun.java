package dev.tributary.local;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One run of local mode: the local services, the pipeline's resources on them (buckets, state table, the database
 * secret), the three functions in their sandboxes, and what fires them. Closing it stops everything it started.
 */
final class LocalRun implements AutoCloseable {

    /** Marks a directory local mode created, so that a later run may clear it. */
    static final String MARKER = ".tributary-local";

    static final String SECRET_ID = "tributary/local/source-database";
    static final String LAKE_BUCKET = "tributary-lake";
    /** Local mode's pipeline is a local file or directory: it never reads one from S3. */
    private static final PipelineLoader.S3Files NO_S3 = new PipelineLoader.S3Files() {
        @Override
        public String read(dev.tributary.core.storage.S3Location object) {
            throw new ConfigException(
                    "Cannot read " + object + ": local mode takes a local pipeline file or directory");
        }

        @Override
        public List<String> list(dev.tributary.core.storage.S3Location prefix) {
            throw new ConfigException(
                    "Cannot list " + prefix + ": local mode takes a local pipeline file or" + " directory");
        }
    };

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
        prepareDirectories();
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
        pipelineEnvironment.put("TRIBUTARY_DB_SECRET_ID", SECRET_ID);
        pipelineEnvironment.put("TRIBUTARY_DB_SSL_MODE", database.sslMode());
        pipelineEnvironment.put("TRIBUTARY_BOOTSTRAP_SERVERS", bootstrap);
        pipelineEnvironment.put("TRIBUTARY_KAFKA_AUTH", "none");
        pipelineEnvironment.put("TRIBUTARY_STATE_TABLE", "tributary-state");
        pipelineEnvironment.put("TRIBUTARY_LAKE_BUCKET", LAKE_BUCKET);
        pipelineEnvironment.put("TRIBUTARY_GLUE_DATABASE", "pagila_lake");
        // Kafka Connect connectors name their own database; locally they capture this one.
        pipelineEnvironment.put("TRIBUTARY_DB_JDBC_URL", database.jdbcUrl());
        Path pipelineFile = writePipeline();
        Map<String, String> parseEnvironment = new LinkedHashMap<>(System.getenv());
        parseEnvironment.putAll(pipelineEnvironment);
        try {
            pipeline = PipelineLoader.load(
                    pipelineFile.toString(), NO_S3, parseEnvironment, notice -> progress.line("pipeline", notice));
        } catch (ConfigException e) {
            throw new LocalModeException(
                    "Cannot use pipeline " + options.pipeline().orElse(pipelineFile) + ": " + e.getMessage(), e);
        }
        try (Connection connection = database.connect()) {
            wiring.prepare(connection);
        } catch (SQLException e) {
            throw new LocalModeException("Cannot prepare the source database: " + e.getMessage(), e);
        }
        List<String> logged = DeleteLogSetup.install(database, pipeline);
        if (!logged.isEmpty()) {
            progress.line("postgres", "deletes logged (infra/sql/install.sql): " + String.join("; ", logged));
        }
        createResources(aws);

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

    /** The sinks' buckets. */
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

    private void createResources(Map<String, String> aws) {
        AwsEndpoint s3Endpoint = stack.s3();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3Endpoint.accessKeyId(), s3Endpoint.secretAccessKey()));
        Region region = Region.of(s3Endpoint.region());
        s3 = S3Client.builder()
                .endpointOverride(s3Endpoint.uri())
                .region(region)
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        track(s3);
        glue = GlueClient.builder()
                .endpointOverride(stack.glue().uri())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        track(glue);
        for (String bucket : buckets()) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException e) {
                // Kept from an earlier run of the person's own pipeline.
            }
        }
        try {
            // As the template's GlueDatabase: the sink's Iceberg tables are created in it.
            glue.createDatabase(
                    b -> b.databaseInput(d -> d.name(pipeline.catalog().database())));
        } catch (AlreadyExistsException e) {
            // Kept from an earlier run.
        }
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDb().uri())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            dynamo.createTable(b -> b.tableName(pipeline.state().table())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        } catch (ResourceInUseException e) {
            // The state table of an earlier run: its marks carry on from there.
        }
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .endpointOverride(stack.secretsManager().uri())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            secrets.createSecret(b -> b.name(SECRET_ID).secretString(database.secretJson()));
        }
        progress.line(
                "aws",
                "bucket " + String.join(", ", buckets()) + ", state table "
                        + pipeline.state().table() + ", secret " + SECRET_ID + " (database credentials), Glue database "
                        + pipeline.catalog().database());
    }

    /**
     * The pipeline the functions read, in the work directory: the seed's file, or a copy of the person's own file or
     * directory (pipeline files and Kafka Connect connector JSON, mixed), names kept.
     */
    private Path writePipeline() {
        Path target = options.workDirectory().resolve("pipeline");
        try {
            Files.createDirectories(target);
            if (options.pipeline().isEmpty()) {
                try (InputStream in = LocalRun.class.getResourceAsStream("pagila.yaml")) {
                    Files.writeString(
                            target.resolve("pagila.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                return target.resolve("pagila.yaml");
            }
            Path own = options.pipeline().get();
            if (Files.isDirectory(own)) {
                try (Stream<Path> files = Files.list(own)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return target;
            }
            if (!Files.isRegularFile(own)) {
                throw new LocalModeException("Cannot use pipeline " + own + " because it does not exist");
            }
            Files.copy(own, target.resolve(own.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return target.resolve(own.getFileName());
        } catch (IOException e) {
            throw new LocalModeException("Cannot write the pipeline to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts from clean directories: the work and lake directories are cleared if an earlier run of local mode
     * created them, and refused if they hold something else.
     */
    private void prepareDirectories() {
        for (Path directory : List.of(options.workDirectory(), options.lakeDirectory())) {
            try {
                if (Files.isDirectory(directory)) {
                    boolean ours = Files.exists(directory.resolve(MARKER));
                    boolean empty;
                    try (Stream<Path> entries = Files.list(directory)) {
                        empty = entries.findAny().isEmpty();
                    }
                    if (!ours && !empty) {
                        throw new LocalModeException("Cannot use directory " + directory + " because it is not empty"
                                + " and local mode did not create it; choose another with --work-dir or --lake-dir");
                    }
                    if (ours) {
                        clear(directory);
                    }
                }
                Files.createDirectories(directory);
                Files.writeString(
                        directory.resolve(MARKER),
                        "Created by Tributary's local mode; cleared on its next" + " run.\n");
            } catch (IOException e) {
                throw new LocalModeException("Cannot prepare directory " + directory + ": " + e, e);
            }
        }
    }

    private static void clear(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
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
