package dev.tributary.local;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import java.util.Set;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
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
 * The pipeline's resources on the local AWS services, as the template creates them on AWS (buckets, Glue database,
 * state table, the database secret), and the SDK clients local mode reaches those services with.
 */
final class AwsResources {

    static final String SECRET_ID = "tributary/local/source-database";

    private AwsResources() {}

    static S3Client s3(LocalStack stack) {
        return local(S3Client.builder().forcePathStyle(true), stack.s3(), stack);
    }

    static GlueClient glue(LocalStack stack) {
        return local(GlueClient.builder(), stack.glue(), stack);
    }

    /**
     * Creates what the pipeline needs and is not there yet; what an earlier run of the person's own pipeline left is
     * kept (its state table's marks carry on from there).
     */
    static void create(
            LocalStack stack,
            S3Client s3,
            GlueClient glue,
            PipelineConfig pipeline,
            Set<String> buckets,
            String secretJson,
            Progress progress) {
        for (String bucket : buckets) {
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
        try (DynamoDbClient dynamo = local(DynamoDbClient.builder(), stack.dynamoDb(), stack)) {
            dynamo.createTable(b -> b.tableName(pipeline.state().table())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        } catch (ResourceInUseException e) {
            // The state table of an earlier run: its marks carry on from there.
        }
        try (SecretsManagerClient secrets = local(SecretsManagerClient.builder(), stack.secretsManager(), stack)) {
            secrets.createSecret(b -> b.name(SECRET_ID).secretString(secretJson));
        }
        progress.line(
                "aws",
                "bucket " + String.join(", ", buckets) + ", state table "
                        + pipeline.state().table() + ", secret " + SECRET_ID + " (database credentials), Glue database "
                        + pipeline.catalog().database());
    }

    /** A client of one local service, with the S3 endpoint's region and credentials as every service takes them. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(
            B builder, AwsEndpoint service, LocalStack stack) {
        return LocalAwsClients.of(builder, service.uri(), stack.s3());
    }
}
