package dev.tributary.poller.database;

import dev.tributary.core.config.ConfigException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads secrets from AWS Secrets Manager; SDK errors become configuration errors naming the secret. */
public final class AwsSecretReader implements SecretReader {

    private final SecretsManagerClient client;

    public AwsSecretReader(SecretsManagerClient client) {
        this.client = client;
    }

    @Override
    public String read(String secretId) {
        try {
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
