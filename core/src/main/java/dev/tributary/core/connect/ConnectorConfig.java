package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.config.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect connector's configuration, as its REST API takes it: the body of
 * {@code PUT /connectors/<name>/config} (a flat map with {@code connector.class}), or the {@code POST /connectors} form
 * {@code {"name": …, "config": {…}}}.
 *
 * @param name the connector's name: the wrapper's {@code name}, else the config's, else the file's name
 * @param properties every property in the order of the file, values as strings, as Kafka Connect reads them
 * @param origin the file it came from, for messages
 */
public record ConnectorConfig(String name, Map<String, String> properties, String origin) {

    /** The property naming the connector's class. */
    public static final String CONNECTOR_CLASS = "connector.class";

    public ConnectorConfig {
        // In the file's order, so that notices and the converted pipeline come out the same on every run.
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The connector's class as written ({@code io.confluent.connect.jdbc.JdbcSourceConnector}, or its simple name). */
    public String connectorClass() {
        return properties.getOrDefault(CONNECTOR_CLASS, "");
    }

    /** Whether a parsed document is connector configuration rather than a native pipeline. */
    public static boolean isConnector(JsonNode document) {
        if (document.isArray()) {
            return document.size() > 0 && isConnector(document.get(0));
        }
        return document.isObject()
                && (document.has(CONNECTOR_CLASS)
                        || document.path("config").isObject()
                                && document.path("config").has(CONNECTOR_CLASS));
    }

    /**
     * Whether a document without {@code connector.class} is still meant as a connector: Kafka Connect's property
     * names have dots ({@code connection.url}, {@code tasks.max}) and a pipeline's sections have none, or it has the
     * REST API's {@code config} object. Read as a connector, it is refused for its missing class.
     */
    public static boolean looksLikeConnector(JsonNode document) {
        if (document.isArray()) {
            return document.size() > 0 && looksLikeConnector(document.get(0));
        }
        if (!document.isObject()) {
            return false;
        }
        if (document.path("config").isObject()) {
            return true;
        }
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            if (names.next().contains(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connectors of a document: one object in either form, or an array of them.
     *
     * @param fallbackName the name of a connector that names itself nowhere (the file's name)
     * @throws ConfigException if the document is not connector configuration
     */
    public static List<ConnectorConfig> of(JsonNode document, String fallbackName, String origin) {
        List<ConnectorConfig> connectors = new ArrayList<>();
        if (document.isArray()) {
            for (int i = 0; i < document.size(); i++) {
                connectors.add(one(document.get(i), fallbackName + "[" + i + "]", origin + "[" + i + "]"));
            }
        } else {
            connectors.add(one(document, fallbackName, origin));
        }
        return connectors;
    }

    private static ConnectorConfig one(JsonNode node, String fallbackName, String origin) {
        JsonNode config = node.path("config").isObject() ? node.get("config") : node;
        if (!config.isObject() || !config.has(CONNECTOR_CLASS)) {
            throw new ConfigException("Cannot read connector " + origin + " because it has no " + CONNECTOR_CLASS
                    + ": add \"connector.class\": \"io.confluent.connect.jdbc.JdbcSourceConnector\" (or"
                    + " \"io.confluent.connect.s3.S3SinkConnector\"); a connector is {\"name\": …, \"config\":"
                    + " {\"connector.class\": …}} or its config alone");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = config.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw ConfigException.invalid(
                        origin + " " + field.getKey(),
                        value,
                        "must be a string, number or" + " boolean, as Kafka Connect's properties are");
            }
            properties.put(field.getKey(), value.isNull() ? "" : value.asText());
        }
        String name = node.path("name").isTextual() && node != config
                ? node.get("name").asText()
                : properties.getOrDefault("name", fallbackName);
        return new ConnectorConfig(name, properties, origin);
    }
}
