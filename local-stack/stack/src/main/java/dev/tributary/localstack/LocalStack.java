package dev.tributary.localstack;

import dev.tributary.localstack.glue.GlueServer;
import dev.tributary.localstack.secrets.SecretsManagerServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Real servers standing in for Tributary's AWS dependencies on one machine, without Docker: PostgreSQL 17 (for
 * RDS), a KRaft Kafka broker (for MSK), s3proxy (for S3), dynalite (for DynamoDB) and Tributary's own Glue and
 * Secrets Manager endpoints.
 *
 * <p>Each server starts on first use, on a free loopback port, and stops on {@link #close()}. Child processes stop
 * by themselves if this JVM dies, so no server outlives the process that started it.
 *
 * <p>Tests share one stack per JVM through {@link #shared()} (or {@link LocalStackExtension}): servers start once
 * per module's test run, not once per test class, and test classes isolate themselves by naming their own tables,
 * topics and buckets.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    /** Prefix of the system properties through which copies of this class in other class loaders share servers. */
    private static final String SHARED_PREFIX = "tributary-local-stack.shared.";

    private static LocalStack shared;

    private final Path workDirectory;
    private final boolean deleteWorkDirectory;
    private final Optional<Path> s3Directory;
    private final boolean persistent;
    private final boolean registerShared;
    /** Endpoints of the servers started, read without the lock: one server starting does not hold up the others. */
    private final Map<String, Object> endpoints = new ConcurrentHashMap<>();

    private final Deque<LocalServer<?>> started = new ArrayDeque<>();
    private final SharedRestarts restarts;
    private volatile boolean closed;

    private LocalStack(Builder builder) {
        this.workDirectory = builder.workDirectory;
        this.deleteWorkDirectory = builder.deleteWorkDirectory;
        this.s3Directory = builder.s3Directory;
        this.persistent = builder.persistent;
        this.registerShared = builder.registerShared;
        this.restarts = new SharedRestarts(builder.registerShared);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The stack shared by everything in this JVM (and by copies of this class loaded by other class loaders, such
     * as Quarkus' test class loader). Started lazily, stopped when the JVM exits. S3 objects are files under
     * {@code <work directory>/lake}.
     */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            Builder builder = builder();
            // Another class loader's copy may have started servers already: use its work directory, so paths such as
            // the S3 directory agree; only the copy that created it deletes it.
            String elsewhere = System.getProperty(SHARED_PREFIX + "work-directory");
            if (elsewhere != null) {
                builder.workDirectory(Path.of(elsewhere));
            } else {
                System.setProperty(SHARED_PREFIX + "work-directory", builder.workDirectory.toString());
            }
            builder.registerShared = true;
            builder.s3Directory = Optional.of(builder.workDirectory.resolve("lake"));
            LocalStack stack = builder.build();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    /** PostgreSQL 17: superuser {@code postgres}, database {@code postgres}. */
    public PostgresEndpoint postgres() {
        return service(
                "postgres",
                PostgresEndpoint::encode,
                PostgresEndpoint::decode,
                () -> PostgresServer.start(workDirectory.resolve("postgres")));
    }

    /** Kafka 4.4 in KRaft mode, one broker, PLAINTEXT; topics are not created automatically. */
    public KafkaEndpoint kafka() {
        return service(
                "kafka",
                KafkaEndpoint::encode,
                KafkaEndpoint::decode,
                () -> KafkaServer.start(workDirectory.resolve("kafka")));
    }

    /** An S3-compatible server (s3proxy) that checks SigV4 signatures; use path-style access. */
    public AwsEndpoint s3() {
        return service(
                "s3",
                AwsEndpoint::encode,
                AwsEndpoint::decode,
                () -> S3Server.start(workDirectory.resolve("s3"), s3Directory, LocalCredentials.DEFAULT));
    }

    /** A DynamoDB-compatible server (dynalite). */
    public AwsEndpoint dynamoDb() {
        return service(
                "dynamodb",
                AwsEndpoint::encode,
                AwsEndpoint::decode,
                () -> DynamoDbServer.start(
                        workDirectory.resolve("dynamodb"),
                        persistent ? Optional.of(workDirectory.resolve("dynamodb/data")) : Optional.empty(),
                        LocalCredentials.DEFAULT));
    }

    /** Tributary's Glue Data Catalog endpoint (JSON 1.1 protocol, catalog subset). */
    public AwsEndpoint glue() {
        return service("glue", AwsEndpoint::encode, AwsEndpoint::decode, () -> {
            GlueServer server = GlueServer.start(
                    persistent ? Optional.of(workDirectory.resolve("glue")) : Optional.empty(),
                    LocalCredentials.DEFAULT.accessKeyId());
            return StartedServer.aws(server.uri(), server::close);
        });
    }

    /**
     * Trino, Athena engine v3's engine, with catalog {@code awsdatacatalog} reading the lake through this stack's
     * Glue endpoint and S3 server. Needs the test dependency {@code tributary-local-trino-server} and a Java 24 or
     * later (see {@code TRIBUTARY_TRINO_JAVA_HOME}).
     */
    public TrinoEndpoint trino() {
        AwsEndpoint glue = glue();
        AwsEndpoint s3 = s3();
        return service(
                "trino",
                TrinoEndpoint::encode,
                TrinoEndpoint::decode,
                () -> TrinoServer.start(workDirectory.resolve("trino"), glue, s3));
    }

    /**
     * Why {@link #trino()} cannot start here, if it cannot: no Java 24 or later found, or no Trino distribution on the
     * classpath. Tests that need Trino skip with this reason, unless {@value #TRINO_REQUIRED} is set (as CI sets it),
     * when they fail.
     */
    public static Optional<String> trinoUnavailable() {
        try {
            TrinoServer.java();
            TrinoServer.distributionHome();
            return Optional.empty();
        } catch (LocalStackException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The variable that makes tests needing Trino fail, rather than skip, where it cannot start. */
    public static final String TRINO_REQUIRED = "TRIBUTARY_TRINO_REQUIRED";

    /** Tributary's Secrets Manager endpoint (JSON 1.1 protocol: CreateSecret, GetSecretValue, PutSecretValue). */
    public AwsEndpoint secretsManager() {
        return service("secretsmanager", AwsEndpoint::encode, AwsEndpoint::decode, () -> {
            SecretsManagerServer server = SecretsManagerServer.start(
                    LocalCredentials.DEFAULT.region(), LocalCredentials.DEFAULT.accessKeyId());
            return StartedServer.aws(server.uri(), server::close);
        });
    }

    /**
     * The environment a packaged function needs to reach the AWS-compatible servers: the SDK's standard endpoint
     * overrides ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_GLUE},
     * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}), region and the local static credentials. Starts those servers if
     * needed.
     */
    public Map<String, String> awsEnvironment() {
        AwsEndpoint s3 = s3();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", s3.region());
        env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
        env.put("AWS_ENDPOINT_URL_S3", s3.uri().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb().uri().toString());
        env.put("AWS_ENDPOINT_URL_GLUE", glue().uri().toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager().uri().toString());
        return env;
    }

    /**
     * Apache Iceberg catalog properties that reach this stack's Glue endpoint and S3 server (path style), signed with
     * its keys: what a process without the {@link #awsEnvironment()} variables gives Iceberg's Glue catalog.
     */
    public Map<String, String> icebergProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("glue.endpoint", glue().uri().toString());
        properties.put("s3.endpoint", s3().uri().toString());
        properties.put("s3.path-style-access", "true");
        properties.put("client.region", s3().region());
        properties.put("client.credentials-provider", LocalStackCredentials.class.getName());
        properties.put("http-client.type", "urlconnection");
        return properties;
    }

    /**
     * Stops the Kafka broker and starts it again on the same ports with the same data: a controlled shutdown, or a
     * crash (SIGKILL) when {@code crash}. Returns once it is ready again.
     */
    public void restartKafka(boolean crash) {
        kafka();
        restarts.restart("kafka", crash);
    }

    /** Restarts PostgreSQL (fast shutdown) on the same port and data; returns once it accepts connections again. */
    public void restartPostgres() {
        postgres();
        restarts.restart("postgres", false);
    }

    /** Where the servers keep their data and logs ({@code <name>/<name>.log}). */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Where S3 objects are files ({@code <directory>/<bucket>/<key>}), if the S3 server is filesystem-backed. */
    public Optional<Path> s3Directory() {
        return s3Directory;
    }

    /** Stops every server this instance started, newest first, and deletes a temporary work directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            LocalServer<?> server = started.pop();
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not stop %s cleanly", server);
            }
        }
        if (registerShared) {
            endpoints.keySet().forEach(name -> System.clearProperty(SHARED_PREFIX + name));
            restarts.withdraw();
        }
        if (deleteWorkDirectory) {
            deleteRecursively(workDirectory);
        }
    }

    private <E> E service(
            String name, Function<E, String> encode, Function<String, E> decode, Supplier<LocalServer<E>> start) {
        @SuppressWarnings("unchecked")
        E running = (E) endpoints.get(name);
        if (running != null && !closed) {
            return running;
        }
        return startService(name, encode, decode, start);
    }

    private synchronized <E> E startService(
            String name, Function<E, String> encode, Function<String, E> decode, Supplier<LocalServer<E>> start) {
        if (closed) {
            throw new LocalStackException("Cannot use " + name + " because the local stack is closed");
        }
        @SuppressWarnings("unchecked")
        E known = (E) endpoints.get(name);
        if (known != null) {
            return known;
        }
        if (registerShared) {
            String elsewhere = System.getProperty(SHARED_PREFIX + name);
            if (elsewhere != null) {
                E endpoint = decode.apply(elsewhere);
                endpoints.put(name, endpoint);
                return endpoint;
            }
        }
        long begin = System.nanoTime();
        LocalServer<E> server = start.get();
        started.push(server);
        if (server instanceof KafkaServer kafka) {
            restarts.offer(name, kafka::restart);
        } else if (server instanceof PostgresServer postgres) {
            restarts.offer(name, crash -> postgres.restart());
        }
        E endpoint = server.endpoint();
        endpoints.put(name, endpoint);
        if (registerShared) {
            System.setProperty(SHARED_PREFIX + name, encode.apply(endpoint));
        }
        LOG.infof("Local %s ready in %d ms: %s", name, (System.nanoTime() - begin) / 1_000_000, endpoint);
        return endpoint;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // A file still held open by a stopping server; the temporary directory is best effort.
                }
            });
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", root, e.getMessage());
        }
    }

    /** Options of a {@link LocalStack}. */
    public static final class Builder {

        private Path workDirectory;
        private boolean deleteWorkDirectory;
        private Optional<Path> s3Directory = Optional.empty();
        private boolean persistent;
        private boolean registerShared;

        private Builder() {
            try {
                workDirectory = Files.createTempDirectory(JavaLauncher.PROCESS_MARKER + "-");
                deleteWorkDirectory = true;
            } catch (IOException e) {
                throw new LocalStackException("Cannot create a temporary work directory: " + e.getMessage(), e);
            }
        }

        /** Keep data and logs in this directory (kept after close) instead of a temporary one (deleted). */
        public Builder workDirectory(Path directory) {
            deleteRecursively(workDirectory);
            this.workDirectory = directory.toAbsolutePath();
            this.deleteWorkDirectory = false;
            return this;
        }

        /** Store S3 objects as files under this directory ({@code <bucket>/<key>}) instead of in memory. */
        public Builder s3Directory(Path directory) {
            this.s3Directory = Optional.of(directory.toAbsolutePath());
            return this;
        }

        /** Keep DynamoDB and Glue data on disk under the work directory, so a restart finds it again. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }
}
