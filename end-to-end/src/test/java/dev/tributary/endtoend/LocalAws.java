package dev.tributary.endtoend;

import dev.tributary.local.LocalAwsClients;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/** SDK clients of the local stack's AWS services, as the functions' clients are configured against them. */
final class LocalAws {

    private LocalAws() {}

    static S3Client s3(LocalStack stack) {
        return local(S3Client.builder().forcePathStyle(true), stack.s3());
    }

    static DynamoDbClient dynamoDb(LocalStack stack) {
        return local(DynamoDbClient.builder(), stack.dynamoDb());
    }

    static GlueClient glue(LocalStack stack) {
        return local(GlueClient.builder(), stack.glue());
    }

    /** A fresh database on the local PostgreSQL, loaded with the generated Pagila sample. */
    static void createPagilaDatabase(LocalStack stack, String database, long seed) throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password())) {
            PagilaSample.load(connection, seed);
        }
    }

    /** The poller's state table, keyed as the template creates it. */
    static void createStateTable(DynamoDbClient dynamo, String table) {
        dynamo.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    /** A client of one local service, with its endpoint, region and credentials. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(
            B builder, AwsEndpoint endpoint) {
        return LocalAwsClients.of(builder, endpoint.uri(), endpoint);
    }
}
