package dev.tributary.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import dev.tributary.poller.state.DynamoDbStateStore;
import dev.tributary.poller.state.Leases;
import dev.tributary.poller.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One test class's own slice of the shared local stack: its own database (with the Pagila sample), its own state
 * table and its own topic namespace, so test classes never see each other's data.
 */
final class LocalPipeline implements AutoCloseable, AfterAllCallback {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long reading a topic to its end may take before the test fails. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    final LocalStack stack;
    final String name;
    final String database;
    final String stateTable;
    final String topicPrefix;
    final DynamoDbClient dynamo;
    private final List<Poller> pollers = new ArrayList<>();

    private LocalPipeline(LocalStack stack, String name) throws SQLException {
        this.stack = stack;
        this.name = name;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.database = "t_" + name + "_" + id;
        this.stateTable = "state-" + name + "-" + id;
        this.topicPrefix = name + "." + id + ".";
        PostgresEndpoint pg = stack.postgres();
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        this.dynamo = dynamoClient(stack.dynamoDb());
        dynamo.createTable(b -> b.tableName(stateTable)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    /** A fresh database loaded with the Pagila sample. */
    static LocalPipeline withPagila(String name) throws SQLException {
        LocalPipeline pipeline = new LocalPipeline(LocalStack.shared(), name);
        try (Connection connection = pipeline.connect()) {
            PagilaSample.load(connection, 42);
        }
        return pipeline;
    }

    /**
     * A test class's own slice, on a fresh database where {@code sql} has run, closed after the class's last test:
     * {@code @RegisterExtension static final LocalPipeline local = LocalPipeline.forClass(name, sql...)}.
     */
    static LocalPipeline forClass(String name, String... sql) {
        try {
            LocalPipeline pipeline = empty(name);
            pipeline.execute(sql);
            return pipeline;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot prepare the database of test slice " + name + " because " + e.getMessage(), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A fresh, empty database. */
    static LocalPipeline empty(String name) throws SQLException {
        return new LocalPipeline(LocalStack.shared(), name);
    }

    Connection connect() throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    void execute(String... sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The database, Kafka and state sections of a pipeline file for this slice; sources follow. */
    String header(String databaseExtras) {
        return header(databaseExtras, "");
    }

    /** As {@link #header(String)}, with further lines in the kafka section. */
    String header(String databaseExtras, String kafkaExtras) {
        PostgresEndpoint pg = stack.postgres();
        return "database:\n"
                + "  jdbc-url: " + pg.jdbcUrl(database) + "\n"
                + "  username: " + pg.user() + "\n"
                + "  password: " + pg.password() + "\n"
                + "  ssl-mode: disable\n"
                + databaseExtras
                + "kafka:\n"
                + "  bootstrap-servers: " + stack.kafka().bootstrapServers() + "\n"
                + "  auth: none\n"
                + "  dead-letter-topic: " + topicPrefix + "dead-letter\n"
                + kafkaExtras
                + "state:\n"
                + "  table: " + stateTable + "\n"
                + "sources:\n";
    }

    /** A source of one table in mode timestamp by its column last_update, with a further setting line if any. */
    String timestampSource(String table, String setting) {
        return """
                  - name: %1$s
                    tables: %1$s
                    topic-prefix: %2$s
                    mode: timestamp
                    timestamp-columns: last_update
                    %3$s
                """.formatted(table, topicPrefix, setting);
    }

    PipelineConfig pipeline(String sources) {
        return pipeline("", sources);
    }

    PipelineConfig pipeline(String databaseExtras, String sources) {
        return PipelineParser.parse(header(databaseExtras) + sources, name + ".yaml", Map.of());
    }

    StateStore store() {
        return new DynamoDbStateStore(dynamo, stateTable);
    }

    Poller start(PipelineConfig pipeline) throws SQLException {
        return start(pipeline, store());
    }

    Poller start(PipelineConfig pipeline, StateStore store) throws SQLException {
        return start(pipeline, store, Leases.DEFAULT_DURATION);
    }

    Poller start(PipelineConfig pipeline, StateStore store, Duration leaseDuration) throws SQLException {
        return start(pipeline, store, leaseDuration, Clock.systemUTC());
    }

    Poller start(PipelineConfig pipeline, StateStore store, Duration leaseDuration, Clock clock) throws SQLException {
        Poller poller = Poller.start(
                pipeline,
                secretId -> {
                    throw new IllegalStateException("no secrets here");
                },
                store,
                leaseDuration,
                clock);
        pollers.add(poller);
        return poller;
    }

    /** Polls every source once, as a manual invoke with once=true does. */
    static PollResponse pollOnce(Poller poller, String... sources) {
        return poller.poll(
                new PollRequest(null, null, null, List.of(sources), null, false, true),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(60));
    }

    /** Re-reads one source's rows whose change time (or id) is in [from, to), as a backfill invoke does. */
    static PollResponse backfill(Poller poller, String source, String from, String to) {
        return poller.poll(
                new PollRequest(null, null, null, List.of(source), new PollRequest.Backfill(from, to), false, false),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(60));
    }

    /** Every record of a topic, read to its current end. */
    List<Consumed> read(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Consumed> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(assigned));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("Cannot read topic " + topic + " to its end offsets " + end + " within "
                            + READ_TIMEOUT + ": got " + records.size() + " records, up to positions "
                            + positions(consumer, end.keySet()));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(Consumed.of(record));
                }
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> positions(
            KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        return positions;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        pollers.forEach(Poller::close);
        dynamo.close();
    }

    static DynamoDbClient dynamoClient(AwsEndpoint endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A consumed record, its key and value parsed from JsonConverter's envelope. */
    record Consumed(int partition, long offset, JsonNode key, JsonNode value, Map<String, String> headers) {

        static Consumed of(ConsumerRecord<byte[], byte[]> record) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new Consumed(
                    record.partition(), record.offset(), parse(record.key()), parse(record.value()), headers);
        }

        JsonNode payload() {
            return value.get("payload");
        }

        JsonNode keyPayload() {
            return key == null ? null : key.get("payload");
        }

        private static JsonNode parse(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static List<Integer> ints(Collection<Consumed> records, String field) {
        return records.stream().map(r -> r.payload().get(field).asInt()).toList();
    }
}
