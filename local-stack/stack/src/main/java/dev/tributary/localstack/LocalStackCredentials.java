package dev.tributary.localstack;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The local servers' static keys as an AWS credentials provider that Apache Iceberg's AWS clients can be given by
 * name ({@code client.credentials-provider}): Iceberg calls {@link #create(Map)}. Not secrets: they only open
 * servers on loopback.
 */
public final class LocalStackCredentials implements AwsCredentialsProvider {

    private static final AwsCredentials KEYS = AwsBasicCredentials.create(
            LocalCredentials.DEFAULT.accessKeyId(), LocalCredentials.DEFAULT.secretAccessKey());

    private LocalStackCredentials() {}

    /** Called by Iceberg with the provider's properties, which it has none of. */
    public static LocalStackCredentials create(Map<String, String> properties) {
        return new LocalStackCredentials();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return KEYS;
    }
}
