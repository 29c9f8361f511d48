package dev.tributary.poller.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.KafkaConfig;
import dev.tributary.poller.database.SecretJson;
import dev.tributary.poller.database.SecretReader;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka client properties for the pipeline's cluster: security from {@code kafka.auth}, and for the producer the
 * settings that make an acknowledged record durable and never duplicated by retries (acks=all, idempotence).
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {}

    /** Connection and security properties, shared by the producer and the admin client. */
    public static Properties common(KafkaConfig config, SecretReader secrets) {
        if (config.bootstrapServers().isEmpty()) {
            throw new ConfigException("Missing setting kafka.bootstrap-servers: the poller needs the Kafka brokers");
        }
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", String.join(",", config.bootstrapServers()));
        props.setProperty("client.id", "tributary-poller");
        switch (config.auth()) {
            case NONE -> props.setProperty("security.protocol", "PLAINTEXT");
            case TLS -> props.setProperty("security.protocol", "SSL");
            case SCRAM_SHA_512 -> {
                String secretId = config.saslSecretId().orElseThrow();
                JsonNode secret = scramSecret(secretId, secrets.read(secretId));
                props.setProperty("security.protocol", "SASL_SSL");
                props.setProperty("sasl.mechanism", "SCRAM-SHA-512");
                props.setProperty(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\""
                                + jaasEscape(secret.get("username").asText()) + "\" password=\""
                                + jaasEscape(secret.get("password").asText()) + "\";");
            }
            case AWS_MSK_IAM -> {
                props.setProperty("security.protocol", "SASL_SSL");
                props.setProperty("sasl.mechanism", "AWS_MSK_IAM");
                props.setProperty("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
                props.setProperty(
                        "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
            }
            default -> throw new IllegalStateException("auth " + config.auth());
        }
        return props;
    }

    /** Producer properties: durable, idempotent, compressed, with the file's overrides for tuning. */
    public static Properties producer(KafkaConfig config, SecretReader secrets) {
        Properties props = common(config, secrets);
        props.setProperty("linger.ms", "10");
        props.setProperty("batch.size", Integer.toString(512 * 1024));
        props.setProperty("buffer.memory", Long.toString(64L * 1024 * 1024));
        props.setProperty("max.request.size", Integer.toString(8 * 1024 * 1024));
        props.putAll(config.producerOverrides());
        long delivery = config.deliveryTimeout().toMillis();
        long linger = Long.parseLong(props.getProperty("linger.ms"));
        props.setProperty("delivery.timeout.ms", Long.toString(delivery));
        props.setProperty("request.timeout.ms", Long.toString(Math.max(1000, Math.min(30_000, delivery - linger - 1))));
        props.setProperty("max.block.ms", Long.toString(delivery));
        props.setProperty("compression.type", config.compression().configValue());
        // Fixed: an acknowledged record is on every in-sync replica, and retries never duplicate it.
        props.setProperty("acks", "all");
        props.setProperty("enable.idempotence", "true");
        props.setProperty("max.in.flight.requests.per.connection", "5");
        props.setProperty("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        props.setProperty("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return props;
    }

    private static JsonNode scramSecret(String secretId, String text) {
        JsonNode secret =
                SecretJson.parse(secretId, "kafka.sasl-secret-id", text, "{\"username\": …, \"password\": …}");
        for (String field : new String[] {"username", "password"}) {
            if (secret == null || !secret.hasNonNull(field)) {
                throw new ConfigException("Cannot use secret " + secretId + " for kafka.sasl-secret-id because it"
                        + " has no '" + field + "'");
            }
        }
        return secret;
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** For messages: the bootstrap servers, never credentials. */
    public static Optional<String> describe(Properties props) {
        return Optional.ofNullable(props.getProperty("bootstrap.servers"));
    }
}
