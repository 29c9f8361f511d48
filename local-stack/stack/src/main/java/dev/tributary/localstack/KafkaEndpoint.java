package dev.tributary.localstack;

import java.util.Objects;

/**
 * Where a local Kafka broker listens (PLAINTEXT).
 *
 * @param bootstrapServers {@code host:port} for the {@code bootstrap.servers} client setting
 */
public record KafkaEndpoint(String bootstrapServers) {

    public KafkaEndpoint {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    String encode() {
        return bootstrapServers;
    }

    static KafkaEndpoint decode(String encoded) {
        return new KafkaEndpoint(encoded);
    }
}
