package dev.tributary.local;

import dev.tributary.localstack.AwsEndpoint;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** SDK clients of the local AWS services, set up as the functions' clients are against them. */
public final class LocalAwsClients {

    private LocalAwsClients() {}

    /** A client of the service at {@code endpoint}, with {@code account}'s region and credentials. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C of(
            B builder, URI endpoint, AwsEndpoint account) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(account.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(account.accessKeyId(), account.secretAccessKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
