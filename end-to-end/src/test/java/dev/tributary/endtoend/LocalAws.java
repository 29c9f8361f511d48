package dev.tributary.endtoend;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
        AwsEndpoint endpoint = stack.s3();
        return S3Client.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .forcePathStyle(true)
                .credentialsProvider(credentials(endpoint))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static DynamoDbClient dynamoDb(LocalStack stack) {
        AwsEndpoint endpoint = stack.dynamoDb();
        return DynamoDbClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(endpoint))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static GlueClient glue(LocalStack stack) {
        AwsEndpoint endpoint = stack.glue();
        return GlueClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(endpoint))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
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

    private static StaticCredentialsProvider credentials(AwsEndpoint endpoint) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey()));
    }
}
