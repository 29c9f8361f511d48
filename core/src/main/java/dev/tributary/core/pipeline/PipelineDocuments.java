package dev.tributary.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.connect.ConnectorConfig;
import dev.tributary.core.connect.ConnectorOrigins;
import dev.tributary.core.connect.Connectors;
import dev.tributary.core.connect.Translation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline made of several documents: native pipeline files (YAML or JSON) and Kafka Connect connector
 * configurations, mixed freely, as a directory holds them. Each connector becomes a source or a sink; the documents'
 * sources and sinks are concatenated in order, and their other sections merged setting by setting. Two documents
 * that give one setting different values cannot run together; what connectors leave to their Kafka Connect worker
 * (the brokers, the state table) comes from the environment unless a document sets it.
 */
public final class PipelineDocuments {

    /**
     * One file's content.
     *
     * @param origin where it came from, for messages
     * @param name its name without extension: the name of a connector that names itself nowhere
     * @param text its content
     */
    public record Document(String origin, String name, String text) {}

    /**
     * The merged pipeline, before validation.
     *
     * @param tree the native pipeline, ready for {@link #parse}
     * @param notices what the connectors' translation reported (properties accepted without effect)
     * @param origins the connector properties the connectors' settings came from
     */
    public record Merged(ObjectNode tree, List<String> notices, ConnectorOrigins origins) {

        /**
         * Validates the merged pipeline.
         *
         * @throws ConfigException naming the origin and the setting at fault: for a setting translated from a
         *         connector, the connector and its property
         */
        public PipelineConfig parse(String origin, Map<String, String> environment) {
            try {
                return PipelineParser.parseTree(tree, origin, environment);
            } catch (ConfigException e) {
                ConfigException refusal = e.getCause() instanceof ConfigException cause ? cause : e;
                throw origins.explain(refusal)
                        .map(explained -> new ConfigException(
                                "Cannot load pipeline " + origin + ": " + explained.getMessage(), explained))
                        .orElse(e);
            }
        }
    }

    private PipelineDocuments() {}

    /**
     * Reads and merges documents.
     *
     * @param environment what {@code ${env:…}} references in connector properties resolve against
     * @throws ConfigException naming the document and the setting at fault
     */
    public static Merged merge(List<Document> documents, Map<String, String> environment) {
        if (documents.isEmpty()) {
            throw new ConfigException("the pipeline has no files (.yaml, .yml or .json)");
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        List<String> origins = new ArrayList<>();
        List<ObjectNode> defaults = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        ConnectorOrigins properties = new ConnectorOrigins();
        // Every document and connector is read even after one is refused, so that one run reports every problem.
        List<ConfigException> problems = new ArrayList<>();
        for (Document document : documents) {
            JsonNode tree;
            try {
                tree = PipelineParser.read(document.text(), document.origin());
            } catch (ConfigException e) {
                problems.add(new ConfigException(document.origin() + ": " + e.getMessage(), e));
                continue;
            }
            try {
                if (ConnectorConfig.isConnector(tree) || ConnectorConfig.looksLikeConnector(tree)) {
                    for (ConnectorConfig connector : ConnectorConfig.of(tree, document.name(), document.origin())) {
                        try {
                            Translation translation = Connectors.translate(connector, environment);
                            properties.add(
                                    translation,
                                    merged.path("sources").size(),
                                    merged.path("sinks").size());
                            into(
                                    merged,
                                    translation.pipeline(),
                                    "",
                                    "connector '" + connector.name() + "' (" + document.origin() + ")",
                                    origins);
                            defaults.add(translation.defaults());
                            notices.addAll(translation.notices());
                        } catch (ConfigException e) {
                            problems.add(e);
                        }
                    }
                } else if (tree instanceof ObjectNode object) {
                    into(merged, object, "", document.origin(), origins);
                } else {
                    throw new ConfigException(document.origin() + ": a pipeline file must be a mapping of sections"
                            + " (sources, sinks, …), or a Kafka Connect connector's configuration");
                }
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(
                    "Cannot load the pipeline because of " + problems.size() + " problems:\n"
                            + String.join(
                                    "\n",
                                    problems.stream()
                                            .map(ConfigException::getMessage)
                                            .toList()),
                    problems.get(0));
        }
        for (ObjectNode fallback : defaults) {
            fill(merged, fallback);
        }
        return new Merged(merged, notices, properties);
    }

    /** Merges {@code from} into {@code into}; lists concatenate, and one setting with two values is an error. */
    private static void into(ObjectNode into, ObjectNode from, String path, String origin, List<String> origins) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = from.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String fieldPath = path.isEmpty() ? key : path + "." + key;
            JsonNode existing = into.get(key);
            JsonNode value = field.getValue();
            if (existing == null) {
                into.set(key, value.deepCopy());
                origins.add(fieldPath + "=" + origin);
            } else if (existing instanceof ArrayNode list && value instanceof ArrayNode more && path.isEmpty()) {
                list.addAll(more.deepCopy());
            } else if (existing instanceof ObjectNode section && value instanceof ObjectNode moreSection) {
                into(section, moreSection, fieldPath, origin, origins);
            } else if (!Objects.equals(existing, value)) {
                String first = firstOrigin(origins, fieldPath);
                throw new ConfigException("Cannot combine " + origin + " with " + first + " because they set "
                        + fieldPath + " differently (" + shown(fieldPath, value, existing) + "): one pipeline"
                        + " has one " + path.split("\\.")[0] + " section");
            }
        }
    }

    /** Where a setting, or the section holding it, was first set. */
    private static String firstOrigin(List<String> origins, String path) {
        for (String candidate = path; ; candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
            String key = candidate + "=";
            for (String origin : origins) {
                if (origin.startsWith(key)) {
                    return origin.substring(key.length());
                }
            }
            if (!candidate.contains(".")) {
                return "another file";
            }
        }
    }

    /** Sets what {@code into} lacks from {@code defaults}, recursively. */
    private static void fill(ObjectNode into, ObjectNode defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = defaults.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = into.get(field.getKey());
            if (existing == null) {
                into.set(field.getKey(), field.getValue().deepCopy());
            } else if (existing instanceof ObjectNode section && field.getValue() instanceof ObjectNode more) {
                fill(section, more);
            }
        }
    }

    private static String shown(String path, JsonNode value, JsonNode existing) {
        if (path.toLowerCase(Locale.ROOT).contains("password")) {
            return "values not shown";
        }
        return "'" + text(value) + "' and '" + text(existing) + "'";
    }

    private static String text(JsonNode value) {
        String text = DatabaseConfig.redacted(value.isTextual() ? value.asText() : value.toString());
        return value.isTextual() && text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
