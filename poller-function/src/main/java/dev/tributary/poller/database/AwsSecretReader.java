package dev.tributary.poller.database;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.core.failure.PipelineFailure.Kind;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reads secrets from AWS Secrets Manager; a missing or forbidden secret is a configuration error naming it, a
 * failure that may pass (throttling, a server error) a retriable one. The client is
 * built on first use, so a pipeline without secrets needs no Secrets Manager at all. It honours
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}.
 */
public final class AwsSecretReader implements SecretReader {

    private SecretsManagerClient client;

    @Override
    public synchronized String read(String secretId) {
        try {
            if (client == null) {
                client = SecretsManagerClient.builder()
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build();
            }
            String value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            if (value == null) {
                throw new ConfigException(
                        "Cannot use secret " + secretId + " because it holds binary data, not a" + " JSON string");
            }
            return value;
        } catch (ResourceNotFoundException e) {
            throw new ConfigException(
                    "Cannot read secret " + secretId + " because it does not exist; check"
                            + " database.secret-id and the function's region",
                    e);
        } catch (SdkException e) {
            if (AwsFailures.kind(e) == Kind.RETRIABLE) {
                throw PipelineFailure.retriable(
                        "Cannot read secret " + secretId + " because " + AwsFailures.describe(e), e);
            }
            throw new ConfigException(
                    "Cannot read secret " + secretId + " because " + AwsFailures.describe(e)
                            + (AwsFailures.accessDenied(e)
                                    ? "; allow the poller's role secretsmanager:GetSecretValue on it"
                                            + " (and kms:Decrypt on its key, if it has its own)"
                                    : ""),
                    e);
        }
    }
}
