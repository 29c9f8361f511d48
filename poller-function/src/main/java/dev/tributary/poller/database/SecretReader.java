package dev.tributary.poller.database;

/** Reads a secret's string value (AWS Secrets Manager in production). */
@FunctionalInterface
public interface SecretReader {

    /**
     * @param secretId name or ARN
     * @return the secret string
     * @throws dev.tributary.core.config.ConfigException if the secret does not exist or cannot be read
     */
    String read(String secretId);
}
