package dev.tributary.poller.benchmark;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.poller.PollRequest;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** What the poller's benchmarks share: quiet logs, a database, a state table, the pipeline, a poll, a stopwatch. */
final class BenchmarkStack {

    private BenchmarkStack() {}

    /** Outside Quarkus nothing configures logging; Kafka's TRACE formatting would dominate the profile. */
    static void quietLogging() {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
        LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
    }

    static DynamoDbClient dynamo(LocalStack stack) {
        return DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDb().uri())
                .region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.dynamoDb().accessKeyId(), stack.dynamoDb().secretAccessKey())))
                .build();
    }

    /** A new database of that name. */
    static String database(PostgresEndpoint pg, String name) throws SQLException {
        try (Connection admin = connect(pg, pg.database());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** A new state table, as the template creates it. */
    static String stateTable(DynamoDbClient dynamo) {
        String table = "bench-state";
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        return table;
    }

    /** A connection to a database of the stack's PostgreSQL. */
    static Connection connect(PostgresEndpoint pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    /**
     * The pipeline of a benchmark: the stack's database and Kafka (without authentication), the state table, and the
     * sources.
     *
     * @param databaseExtra further lines of the database section, indented by two spaces, or ""
     * @param kafkaExtra further lines of the kafka section, indented by two spaces, or ""
     * @param sources the lines of the sources section, each source starting with {@code - name:}
     */
    static PipelineConfig pipeline(
            LocalStack stack, String database, String state, String databaseExtra, String kafkaExtra, String sources) {
        PostgresEndpoint pg = stack.postgres();
        String file = "database:\n"
                + "  jdbc-url: " + pg.jdbcUrl(database) + "\n"
                + "  username: " + pg.user() + "\n"
                + "  ssl-mode: disable\n"
                + databaseExtra
                + "kafka:\n"
                + "  bootstrap-servers: " + stack.kafka().bootstrapServers() + "\n"
                + "  auth: none\n"
                + kafkaExtra
                + "state:\n"
                + "  table: " + state + "\n"
                + "sources:\n"
                + sources.indent(2);
        return PipelineParser.parse(file, "bench.yaml", Map.of());
    }

    /** Polls every source once, without a deadline that matters. */
    static PollResponse pollAll(Poller poller) {
        return poller.poll(
                new PollRequest(null, null, null, List.of(), null, false, true),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(3600));
    }

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
