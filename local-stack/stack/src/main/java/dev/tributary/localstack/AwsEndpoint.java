package dev.tributary.localstack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An AWS-compatible local service: the endpoint to override the SDK's with, and the region and static credentials
 * the local server accepts.
 *
 * @param uri endpoint URI ({@code http://127.0.0.1:<port>})
 * @param region signing region
 * @param accessKeyId access key id the server accepts
 * @param secretAccessKey secret key the server verifies signatures with (where it verifies them)
 */
public record AwsEndpoint(URI uri, String region, String accessKeyId, String secretAccessKey) {

    public AwsEndpoint {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /**
     * The Quarkus configuration that points a Quarkiverse Amazon Services client at this endpoint, as a test
     * resource returns it: endpoint override, region, static credentials, and path-style access for S3.
     *
     * @param client the client's configuration prefix: {@code s3}, {@code dynamodb}, {@code secretsmanager}, …
     */
    public Map<String, String> quarkusClientConfig(String client) {
        Map<String, String> config = new LinkedHashMap<>();
        String prefix = "quarkus." + client + ".";
        config.put(prefix + "endpoint-override", uri.toString());
        config.put(prefix + "aws.region", region);
        config.put(prefix + "aws.credentials.type", "static");
        config.put(prefix + "aws.credentials.static-provider.access-key-id", accessKeyId);
        config.put(prefix + "aws.credentials.static-provider.secret-access-key", secretAccessKey);
        if (client.equals("s3")) {
            config.put(prefix + "path-style-access", "true");
        }
        return config;
    }

    String encode() {
        return String.join("\n", uri.toString(), region, accessKeyId, secretAccessKey);
    }

    static AwsEndpoint decode(String encoded) {
        String[] parts = encoded.split("\n", -1);
        return new AwsEndpoint(URI.create(parts[0]), parts[1], parts[2], parts[3]);
    }

    @Override
    public String toString() {
        return "AwsEndpoint[" + uri + ", region=" + region + "]";
    }
}
