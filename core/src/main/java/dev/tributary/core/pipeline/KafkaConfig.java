package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the poller reaches Kafka (Amazon MSK), and how it produces.
 *
 * @param bootstrapServers {@code host:port} list
 * @param auth how the client authenticates and encrypts
 * @param saslSecretId Secrets Manager secret with SCRAM credentials
 * @param compression producer compression
 * @param createTopics create missing topics
 * @param topicPartitions partitions of created topics, -1 for the broker default
 * @param topicReplicationFactor replication of created topics, -1 for the broker default
 * @param deadLetterTopic where rows that cannot be converted go, with the reason in headers
 * @param deliveryTimeout how long a batch may take to be acknowledged
 * @param producerOverrides further producer properties
 */
public record KafkaConfig(
        List<String> bootstrapServers,
        KafkaAuth auth,
        Optional<String> saslSecretId,
        Compression compression,
        boolean createTopics,
        int topicPartitions,
        short topicReplicationFactor,
        String deadLetterTopic,
        Duration deliveryTimeout,
        Map<String, String> producerOverrides) {

    /** Producer properties that would weaken delivery guarantees; the poller sets them and they cannot be overridden. */
    static final Set<String> FIXED_PRODUCER_PROPERTIES = Set.of(
            "acks",
            "enable.idempotence",
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "transactional.id",
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "sasl.client.callback.handler.class");

    public static final Setting<List<String>> BOOTSTRAP_SERVERS = Setting.list("bootstrap-servers")
            .doc("Kafka bootstrap servers, host:port, comma-separated or a list. For MSK with IAM, the brokers'"
                    + " port 9098 addresses. Required by the poller.")
            .defaultValue(List.of());
    public static final Setting<KafkaAuth> AUTH = Setting.choice("auth", KafkaAuth.class)
            .defaultValue(KafkaAuth.AWS_MSK_IAM)
            .doc("How the poller authenticates to Kafka; every choice but none encrypts with TLS.");
    public static final Setting<String> SASL_SECRET_ID = Setting.string("sasl-secret-id")
            .doc("Secrets Manager secret with the SCRAM username and password (JSON: username, password), for"
                    + " auth scram-sha-512. MSK requires such secrets to be named AmazonMSK_….");
    public static final Setting<Compression> COMPRESSION = Setting.choice("compression", Compression.class)
            .defaultValue(Compression.ZSTD)
            .doc("Compression of produced batches.");
    public static final Setting<Boolean> CREATE_TOPICS = Setting.bool("create-topics")
            .defaultValue(true)
            .doc("Create a missing topic before producing to it. When false, a missing topic fails the poll of its"
                    + " source with an error naming it.");
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.integer("topic-partitions")
            .defaultValue(-1)
            .validate(p -> p == -1 || p >= 1, "be -1 (the broker default) or at least 1")
            .doc("Partitions of topics the poller creates; -1 uses the broker's num.partitions.");
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = Setting.integer("topic-replication-factor")
            .defaultValue(-1)
            .validate(p -> p == -1 || (p >= 1 && p <= Short.MAX_VALUE), "be -1 (the broker default) or at least 1")
            .doc("Replication factor of topics the poller creates; -1 uses the broker's default.replication.factor.");
    public static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic")
            .defaultValue("tributary.dead-letter")
            .doc("Topic for rows that cannot be turned into records (a value no schema type can hold, a transform"
                    + " that fails). The row goes there as JSON with headers naming the source, table and reason;"
                    + " the batch proceeds.");
    public static final Setting<Duration> DELIVERY_TIMEOUT = Setting.duration("delivery-timeout")
            .defaultValue(Duration.ofMinutes(2))
            .atLeast(1000)
            .doc("How long a produced batch may take to be acknowledged by every in-sync replica before the poll"
                    + " fails and the mark stays where it was.");

    public static final ConfigGroup PRODUCER_GROUP = ConfigGroup.builder(
                    "kafka.producer",
                    "Further Kafka producer properties (linger.ms, batch.size, …), passed as they are. Properties"
                            + " that decide delivery guarantees or security (acks, enable.idempotence, security.protocol,"
                            + " sasl.*) are set by the poller and refused here.")
            .openEnded()
            .build();

    public static final ConfigGroup GROUP = ConfigGroup.builder("kafka", "The Kafka cluster the poller produces to.")
            .add(
                    BOOTSTRAP_SERVERS,
                    AUTH,
                    SASL_SECRET_ID,
                    COMPRESSION,
                    CREATE_TOPICS,
                    TOPIC_PARTITIONS,
                    TOPIC_REPLICATION_FACTOR,
                    DEAD_LETTER_TOPIC,
                    DELIVERY_TIMEOUT)
            .object("producer", PRODUCER_GROUP)
            .build();

    static KafkaConfig from(ConfigObject config) {
        Map<String, String> overrides = config.object("producer").extra();
        for (String key : overrides.keySet()) {
            if (FIXED_PRODUCER_PROPERTIES.contains(key)) {
                throw ConfigException.invalid(
                        "kafka.producer." + key,
                        overrides.get(key),
                        "the poller sets this property itself so that no acknowledged row is lost or duplicated,"
                                + " and it cannot be overridden");
            }
        }
        if (config.get(AUTH) == KafkaAuth.SCRAM_SHA_512
                && config.find(SASL_SECRET_ID).isEmpty()) {
            throw new ConfigException("Missing setting kafka.sasl-secret-id: auth scram-sha-512 needs the secret"
                    + " that holds the SCRAM credentials");
        }
        return new KafkaConfig(
                config.get(BOOTSTRAP_SERVERS),
                config.get(AUTH),
                config.find(SASL_SECRET_ID),
                config.get(COMPRESSION),
                config.get(CREATE_TOPICS),
                config.get(TOPIC_PARTITIONS),
                config.get(TOPIC_REPLICATION_FACTOR).shortValue(),
                config.get(DEAD_LETTER_TOPIC),
                config.get(DELIVERY_TIMEOUT),
                Map.copyOf(overrides));
    }

    /** Authentication and encryption to the brokers. */
    public enum KafkaAuth implements ConfigEnum {
        NONE("PLAINTEXT: no TLS, no authentication; for a local broker only"),
        TLS("TLS without client authentication (MSK's TLS listener, port 9094)"),
        SCRAM_SHA_512("SASL/SCRAM over TLS with credentials from sasl-secret-id (port 9096)"),
        AWS_MSK_IAM("IAM access control over TLS with the function's role (port 9098)");

        KafkaAuth(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Producer compression codecs. */
    public enum Compression implements ConfigEnum {
        NONE("no compression"),
        GZIP("gzip: small, slow"),
        SNAPPY("snappy: fast, larger"),
        LZ4("lz4: fast"),
        ZSTD("zstd: small and fast");

        Compression(String description) {
            ConfigEnum.declare(this, description);
        }
    }
}
