package dev.tributary.poller.benchmark;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

/** What the poller's benchmarks share: quiet logs, a database, a state table, a stopwatch. */
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
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
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

    interface Work {
        void run() throws Exception;
    }

    static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
