package dev.tributary.poller;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.SdkSystemProperties;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Gives the Quarkus application under test a pipeline on the shared local stack, set up as on AWS: the pipeline file
 * in S3 ({@code TRIBUTARY_CONFIG=s3://…}), the database credentials in Secrets Manager (reached through the SDK's
 * standard endpoint setting), a database loaded with the Pagila sample, and a state table.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    static LocalPipeline local;
    private SdkSystemProperties sdkProperties;

    @Override
    public Map<String, String> start() {
        try {
            local = LocalPipeline.withPagila("handler");
            LocalStack stack = LocalStack.shared();
            PostgresEndpoint pg = stack.postgres();
            String secretId = "tributary/test/" + local.database;
            AwsEndpoint secrets = stack.secretsManager();
            try (SecretsManagerClient client = SecretsManagerClient.builder()
                    .endpointOverride(secrets.uri())
                    .region(Region.of(secrets.region()))
                    .credentialsProvider(credentials(secrets))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build()) {
                client.createSecret(b -> b.name(secretId)
                        .secretString("{\"engine\":\"postgres\",\"host\":\""
                                + pg.host() + "\",\"port\":" + pg.port() + ",\"dbname\":\"" + local.database
                                + "\",\"username\":\"" + pg.user() + "\",\"password\":\"" + pg.password() + "\"}"));
            }
            String header = local.header("");
            String pipeline = "database:\n  secret-id: " + secretId + "\n  ssl-mode: disable\n"
                    + header.substring(header.indexOf("kafka:")) + """
                      - name: pagila.public.
                        tables: [address, city, country]
                        topic-prefix: %spagila.public.
                        mode: timestamp
                        timestamp-columns: last_update
                    """.formatted(local.topicPrefix);
            String bucket = "config-" + local.stateTable;
            AwsEndpoint s3Endpoint = stack.s3();
            try (S3Client s3 = S3Client.builder()
                    .endpointOverride(s3Endpoint.uri())
                    .forcePathStyle(true)
                    .region(Region.of(s3Endpoint.region()))
                    .credentialsProvider(credentials(s3Endpoint))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build()) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putObject(b -> b.bucket(bucket).key("tributary/pipeline.yaml"), RequestBody.fromString(pipeline));
            }
            // The function's Secrets Manager client is built with the SDK's defaults, as on Lambda.
            sdkProperties = SdkSystemProperties.pointing("SecretsManager", secrets);

            Map<String, String> config = new HashMap<>();
            // A directory (an S3 prefix), as template.yaml's default PipelineKey names one.
            config.put("tributary.config", "s3://" + bucket + "/tributary/");
            config.put("tributary.poller.max-duration", "2s");
            config.putAll(stack.dynamoDb().quarkusClientConfig("dynamodb"));
            config.putAll(s3Endpoint.quarkusClientConfig("s3"));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare the local pipeline", e);
        }
    }

    @Override
    public void stop() {
        if (sdkProperties != null) {
            sdkProperties.close();
        }
        if (local != null) {
            local.close();
        }
    }

    private static StaticCredentialsProvider credentials(AwsEndpoint endpoint) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey()));
    }
}
