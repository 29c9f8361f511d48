package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        ObjectNode database = defaults.putObject("database");
        // Blank when unset: the connector's connection.user and connection.password are used then.
        database.put("secret-id", "${env:TRIBUTARY_DB_SECRET_ID:-}");
        // The PostgreSQL driver's own default, which a Kafka Connect worker runs with.
        database.put("ssl-mode", "${env:TRIBUTARY_DB_SSL_MODE:-prefer}");
        ObjectNode kafka = defaults.putObject("kafka");
        kafka.put("bootstrap-servers", "${env:TRIBUTARY_BOOTSTRAP_SERVERS:-}");
        kafka.put("auth", "${env:TRIBUTARY_KAFKA_AUTH:-aws-msk-iam}");
        defaults.putObject("state").put("table", "${env:TRIBUTARY_STATE_TABLE:-tributary-state}");
        return defaults;
    }

    static ObjectNode sink() {
        ObjectNode defaults = JsonNodeFactory.instance.objectNode();
        defaults.putObject("catalog").put("database", "${env:TRIBUTARY_GLUE_DATABASE:-tributary}");
        return defaults;
    }
}
