package dev.tributary.poller.database;

import dev.tributary.core.config.ConfigException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads secrets from AWS Secrets Manager; SDK errors become configuration errors naming the secret. The client is
 * built on first use, so a pipeline without secrets needs no Secrets Manager at all. It honours
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}.
 */
public final class AwsSecretReader implements SecretReader {

    private SecretsManagerClient client;

    @Override
    public synchronized String read(String secretId) {
        try {
            if (client == null) {
                client = SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            }
            String value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            if (value == null) {
                throw new ConfigException("Cannot use secret " + secretId + " because it holds binary data, not a"
                        + " JSON string");
            }
            return value;
        } catch (ResourceNotFoundException e) {
            throw new ConfigException("Cannot read secret " + secretId + " because it does not exist", e);
        } catch (SecretsManagerException e) {
            throw new ConfigException("Cannot read secret " + secretId + ": " + (e.awsErrorDetails() == null
                    ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
        } catch (SdkException e) {
            throw new ConfigException("Cannot read secret " + secretId + ": " + e.getMessage(), e);
        }
    }
}
