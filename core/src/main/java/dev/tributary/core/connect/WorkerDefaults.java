package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.CatalogConfig;
import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.core.pipeline.DatabaseConfig.SslMode;
import dev.tributary.core.pipeline.KafkaConfig;
import dev.tributary.core.pipeline.StateConfig;
import java.util.List;

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

    /** What a source connector leaves to its worker. */
    static final List<WorkerVariable> SOURCE = List.of(
            new WorkerVariable(
                    "database",
                    DatabaseConfig.SECRET_ID,
                    "TRIBUTARY_DB_SECRET_ID",
                    "",
                    "The database secret; when it is set, the connector's connection.user and connection.password"
                            + " are not read."),
            new WorkerVariable(
                    "database",
                    DatabaseConfig.SSL_MODE,
                    "TRIBUTARY_DB_SSL_MODE",
                    SslMode.PREFER.configValue(),
                    "TLS to the database, unless connection.url says; by default the PostgreSQL driver's own, which"
                            + " a Kafka Connect worker runs with."),
            new WorkerVariable(
                    "kafka", KafkaConfig.BOOTSTRAP_SERVERS, "TRIBUTARY_BOOTSTRAP_SERVERS", "", "The brokers."),
            new WorkerVariable(
                    "kafka",
                    KafkaConfig.AUTH,
                    "TRIBUTARY_KAFKA_AUTH",
                    KafkaConfig.AUTH.defaultText(),
                    "How the poller authenticates to the brokers."),
            new WorkerVariable(
                    "state",
                    StateConfig.TABLE,
                    "TRIBUTARY_STATE_TABLE",
                    StateConfig.TABLE.defaultText(),
                    "The poller's DynamoDB state table."));

    /** What a sink connector leaves to its worker. */
    static final List<WorkerVariable> SINK = List.of(new WorkerVariable(
            "catalog",
            CatalogConfig.DATABASE,
            "TRIBUTARY_GLUE_DATABASE",
            CatalogConfig.DATABASE.defaultText(),
            "The Glue database of the lake's tables."));

    private WorkerDefaults() {}

    static ObjectNode source() {
        return tree(SOURCE);
    }

    static ObjectNode sink() {
        return tree(SINK);
    }

    /** Each setting as a reference to its variable, in its section. */
    private static ObjectNode tree(List<WorkerVariable> variables) {
        ObjectNode defaults = JsonNodeFactory.instance.objectNode();
        for (WorkerVariable variable : variables) {
            JsonNode section = defaults.get(variable.section());
            ObjectNode object = section == null ? defaults.putObject(variable.section()) : (ObjectNode) section;
            object.put(variable.setting().key(), variable.reference());
        }
        return defaults;
    }
}
