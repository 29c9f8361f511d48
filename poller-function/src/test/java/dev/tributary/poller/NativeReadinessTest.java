package dev.tributary.poller;

import static dev.tributary.localstack.nativeimage.NativeReadiness.assertInstantiable;
import static dev.tributary.localstack.nativeimage.NativeReadiness.assertShipsZstd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.KafkaConfig;
import dev.tributary.core.pipeline.KafkaConfig.KafkaAuth;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.nativeimage.FunctionNativeReadiness;
import dev.tributary.poller.kafka.KafkaClientProperties;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.msk.auth.iam.IAMLoginModule;

/**
 * The poller's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds and every class Kafka instantiates by name from the properties the poller gives it.
 */
class NativeReadinessTest extends FunctionNativeReadiness {

    NativeReadinessTest() {
        // The function's and core's own classes, and MSK IAM's, which Jackson reads the broker's answer into.
        super(
                List.of(
                        PollRequest.class.getName(),
                        PollRequest.Backfill.class.getName(),
                        SourceSummary.class.getName(),
                        RelationSummary.class.getName(),
                        "software.amazon.msk.auth.iam.internals.AuthenticationResponse"),
                PollerHandler.class,
                PipelineParser.class,
                IAMLoginModule.class);
    }

    @Test
    void shouldRegisterTheClassesKafkaInstantiatesByName() {
        Set<String> named = new TreeSet<>();
        for (KafkaAuth auth : KafkaAuth.values()) {
            Properties props =
                    KafkaClientProperties.producer(kafka(auth), id -> "{\"username\": \"u\", \"password\": \"p\"}");
            for (String key :
                    new String[] {"sasl.client.callback.handler.class", "key.serializer", "value.serializer"}) {
                if (props.getProperty(key) != null) {
                    named.add(props.getProperty(key));
                }
            }
            if (props.getProperty("sasl.jaas.config") != null) {
                named.add(props.getProperty("sasl.jaas.config").trim().split("\\s+")[0]);
            }
        }
        // The SASL mechanism's factories, which the provider IAMLoginModule installs names by class.
        named.add("software.amazon.msk.auth.iam.internals.IAMSaslClient$IAMSaslClientFactory");
        named.add("software.amazon.msk.auth.iam.internals.IAMSaslClient$ClassLoaderAwareIAMSaslClientFactory");

        assertThat(named)
                .contains(
                        "software.amazon.msk.auth.iam.IAMLoginModule",
                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        assertInstantiable(named, "classes Kafka instantiates by name that");
    }

    @Test
    void shouldShipZstdsNativeLibraryAndTheFieldsItsCodeReads() {
        // zstd is the default Kafka compression; zstd-jni's C code reads these fields through JNI.
        assertShipsZstd();
    }

    private static KafkaConfig kafka(KafkaAuth auth) {
        String yaml = "kafka:\n  bootstrap-servers: b-1:9098\n  auth: " + auth.configValue() + "\n"
                + (auth == KafkaAuth.SCRAM_SHA_512 ? "  sasl-secret-id: AmazonMSK_x\n" : "");
        return PipelineParser.parse(yaml, "p.yaml", Map.of()).kafka();
    }
}
