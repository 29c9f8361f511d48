package dev.tributary.localstack;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points the AWS SDK's defaults in this JVM at a local endpoint, as a function built with the SDK's defaults finds
 * its service on Lambda: the standard system properties for one service's endpoint ({@code aws.endpointUrlGlue}),
 * the region and the static credentials. {@link #close()} puts back what the properties were.
 */
public final class SdkSystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    private SdkSystemProperties(Map<String, String> properties) {
        properties.forEach((property, value) -> {
            previous.put(property, System.getProperty(property));
            System.setProperty(property, value);
        });
    }

    /**
     * Sets the properties for one service.
     *
     * @param service the service's name in the SDK's endpoint property, such as {@code Glue} or {@code SecretsManager}
     */
    public static SdkSystemProperties pointing(String service, AwsEndpoint endpoint) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws.endpointUrl" + service, endpoint.uri().toString());
        properties.put("aws.region", endpoint.region());
        properties.put("aws.accessKeyId", endpoint.accessKeyId());
        properties.put("aws.secretAccessKey", endpoint.secretAccessKey());
        return new SdkSystemProperties(properties);
    }

    /** Puts back the values the properties had, clearing those that had none. */
    @Override
    public void close() {
        previous.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }
}
