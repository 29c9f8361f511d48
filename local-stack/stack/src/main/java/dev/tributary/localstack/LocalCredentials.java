package dev.tributary.localstack;

import java.net.URI;

/**
 * The static credentials and region that every AWS-compatible local server accepts. They are not secrets: they only
 * open servers on loopback.
 */
record LocalCredentials(String region, String accessKeyId, String secretAccessKey) {

    static final LocalCredentials DEFAULT =
            new LocalCredentials("us-east-1", "tributary-local", "tributary-local-secret");

    AwsEndpoint endpoint(URI uri) {
        return new AwsEndpoint(uri, region, accessKeyId, secretAccessKey);
    }
}
