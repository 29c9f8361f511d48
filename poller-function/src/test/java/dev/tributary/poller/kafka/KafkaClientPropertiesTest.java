package dev.tributary.poller.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.KafkaConfig;
import dev.tributary.core.pipeline.PipelineParser;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void shouldAuthenticateToMskWithIamByDefault() {
        Properties props = KafkaClientProperties.producer(kafka(""), id -> "");

        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry(
                        "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("compression.type", "zstd");
    }

    @Test
    void shouldTakeScramCredentialsFromTheSecretWithoutExposingThem() {
        Properties props = KafkaClientProperties.common(
                kafka("  auth: scram-sha-512\n" + "  sasl-secret-id: AmazonMSK_tributary\n"),
                id -> "{\"username\": \"u\\\"1\", \"password\": \"p\"}");

        assertThat(props.getProperty("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram."
                        + "ScramLoginModule required username=\"u\\\"1\" password=\"p\";");
        assertThat(KafkaClientProperties.describe(props)).contains("b-1:9096");
    }

    @Test
    void shouldNameAMalformedScramSecret() {
        assertThatThrownBy(() -> KafkaClientProperties.common(
                        kafka("  auth: scram-sha-512\n" + "  sasl-secret-id: AmazonMSK_tributary\n"),
                        id -> "{\"username\": \"u\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot use secret AmazonMSK_tributary for kafka.sasl-secret-id because it has no"
                        + " 'password'");
    }

    private static KafkaConfig kafka(String extra) {
        return PipelineParser.parse("kafka:\n  bootstrap-servers: b-1:9096\n" + extra, "p.yaml", Map.of())
                .kafka();
    }
}
