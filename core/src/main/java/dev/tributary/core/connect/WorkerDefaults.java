package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.Setting;
import dev.tributary.core.pipeline.CatalogConfig;
import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.core.pipeline.DatabaseConfig.SslMode;
import dev.tributary.core.pipeline.KafkaConfig;
import dev.tributary.core.pipeline.StateConfig;

/**
 * What a Kafka Connect worker, not a connector, configures: the brokers, the converters, and in Tributary the state
 * table, the Glue database and the database secret. A pipeline made of connectors alone takes them from the
 * functions' environment, the variables template.yaml sets; a native pipeline file beside the connectors may set
 * them instead.
 */
final class WorkerDefaults {

    /**
     * The worker's key and value converter, which a connector without key.converter or value.converter uses: Kafka's
     * own worker configuration (connect-distributed.properties) sets JsonConverter with schemas.enable=true, and
     * JsonConverter enables schemas by default.
     */
    static final String CONVERTER = ConnectConverters.JSON;

    /** The prefix of the variables template.yaml gives the functions, which stand in for the worker's settings. */
    static final String VARIABLE_PREFIX = "TRIBUTARY_";

    private WorkerDefaults() {}

    static ObjectNode source() {
        ObjectNode defaults = JsonNodeFactory.instance.objectNode();
        // Blank when unset: the connector's connection.user and connection.password are used then.
        fromEnvironment(defaults, "database", DatabaseConfig.SECRET_ID, "TRIBUTARY_DB_SECRET_ID", "");
        // The PostgreSQL driver's own default, which a Kafka Connect worker runs with.
        fromEnvironment(
                defaults, "database", DatabaseConfig.SSL_MODE, "TRIBUTARY_DB_SSL_MODE", SslMode.PREFER.configValue());
        fromEnvironment(defaults, "kafka", KafkaConfig.BOOTSTRAP_SERVERS, "TRIBUTARY_BOOTSTRAP_SERVERS", "");
        fromEnvironment(defaults, "kafka", KafkaConfig.AUTH, "TRIBUTARY_KAFKA_AUTH", KafkaConfig.AUTH.defaultText());
        fromEnvironment(defaults, "state", StateConfig.TABLE, "TRIBUTARY_STATE_TABLE", StateConfig.TABLE.defaultText());
        return defaults;
    }

    static ObjectNode sink() {
        ObjectNode defaults = JsonNodeFactory.instance.objectNode();
        fromEnvironment(
                defaults,
                "catalog",
                CatalogConfig.DATABASE,
                "TRIBUTARY_GLUE_DATABASE",
                CatalogConfig.DATABASE.defaultText());
        return defaults;
    }

    /** Sets {@code group.setting} to {@code ${env:variable:-fallback}}, creating the group's object when needed. */
    private static void fromEnvironment(
            ObjectNode defaults, String group, Setting<?> setting, String variable, String fallback) {
        ObjectNode object = defaults.has(group) ? (ObjectNode) defaults.get(group) : defaults.putObject(group);
        object.put(setting.key(), "${env:" + variable + ":-" + fallback + "}");
    }
}
