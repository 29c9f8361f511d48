package dev.tributary.localstack;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Real AWS SDK clients pointed at the local servers, as the functions build theirs. */
final class AwsClients {

    private AwsClients() {}

    static S3Client s3(AwsEndpoint endpoint) {
        return s3(endpoint, endpoint.secretAccessKey());
    }

    static S3Client s3(AwsEndpoint endpoint, String secretAccessKey) {
        return S3Client.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(endpoint.accessKeyId(), secretAccessKey))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static DynamoDbClient dynamoDb(AwsEndpoint endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(endpoint.accessKeyId(), endpoint.secretAccessKey()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static GlueClient glue(AwsEndpoint endpoint) {
        return glue(endpoint, endpoint.accessKeyId());
    }

    static GlueClient glue(AwsEndpoint endpoint, String accessKeyId) {
        return GlueClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(accessKeyId, endpoint.secretAccessKey()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static SecretsManagerClient secretsManager(AwsEndpoint endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(credentials(endpoint.accessKeyId(), endpoint.secretAccessKey()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static StaticCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
