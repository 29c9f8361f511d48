package dev.tributary.sink.iceberg;

import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Static keys for Iceberg's AWS clients, named in catalog properties ({@code client.credentials-provider} and its
 * {@code access-key-id} and {@code secret-access-key}): what the local stack's servers take. Deployed functions use
 * the default chain (the function's role) instead.
 */
public final class StaticKeys implements AwsCredentialsProvider {

    private final AwsCredentialsProvider keys;

    private StaticKeys(AwsCredentialsProvider keys) {
        this.keys = keys;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return keys.resolveCredentials();
    }

    /** Called by Iceberg with the provider's properties, their prefix removed. */
    public static StaticKeys create(Map<String, String> properties) {
        String key = properties.get("access-key-id");
        String secret = properties.get("secret-access-key");
        if (key == null || secret == null) {
            throw new IllegalArgumentException("Cannot sign Iceberg's AWS requests with static keys because"
                    + " client.credentials-provider.access-key-id or .secret-access-key is missing");
        }
        return new StaticKeys(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
    }
}
