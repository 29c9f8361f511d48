package dev.tributary.core.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.core.config.ConfigException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pipeline file (YAML, or JSON) into a validated {@link PipelineConfig}.
 *
 * <p>String values may refer to environment variables as {@code ${env:NAME}} or {@code ${env:NAME:-default}}, so
 * that one file serves several deployments (the template passes table names and broker addresses this way).
 */
public final class PipelineParser {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final YAMLMapper YAML = new YAMLMapper();

    private PipelineParser() {}

    /**
     * Parses and validates a pipeline.
     *
     * @param text the file's content
     * @param origin where it came from (a path or s3:// URI), for messages
     * @param environment variables that {@code ${env:…}} references resolve against
     * @throws ConfigException naming the origin, the setting's path, the value and the rule it breaks
     */
    public static PipelineConfig parse(String text, String origin, Map<String, String> environment) {
        try {
            JsonNode tree = read(text, origin);
            interpolate(tree, "", environment);
            return PipelineConfig.from(PipelineConfig.GROUP.parse(tree, ""));
        } catch (ConfigException e) {
            throw new ConfigException("Cannot load pipeline " + origin + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates a pipeline already read into a tree (as {@link PipelineDocuments} merges it).
     *
     * @throws ConfigException naming the origin, the setting's path, the value and the rule it breaks
     */
    public static PipelineConfig parseTree(JsonNode tree, String origin, Map<String, String> environment) {
        try {
            JsonNode copy = tree.deepCopy();
            interpolate(copy, "", environment);
            return PipelineConfig.from(PipelineConfig.GROUP.parse(copy, ""));
        } catch (ConfigException e) {
            throw new ConfigException("Cannot load pipeline " + origin + ": " + e.getMessage(), e);
        }
    }

    static JsonNode read(String text, String origin) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    "the file is not valid YAML or JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"),
                    e);
        } catch (IOException e) {
            throw new ConfigException("the file cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException("the file is empty");
        }
        return tree;
    }

    private static void interpolate(JsonNode node, String path, Map<String, String> environment) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    field.setValue(new TextNode(resolve(field.getValue().asText(), fieldPath, environment)));
                } else {
                    interpolate(field.getValue(), fieldPath, environment);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, new TextNode(resolve(array.get(i).asText(), path + "[" + i + "]", environment)));
                } else {
                    interpolate(array.get(i), path + "[" + i + "]", environment);
                }
            }
        }
    }

    private static String resolve(String value, String path, Map<String, String> environment) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String resolved = environment.get(matcher.group(1));
            if (resolved == null) {
                resolved = matcher.group(2);
            }
            if (resolved == null) {
                throw new ConfigException("Cannot resolve " + matcher.group() + " in " + path
                        + " because environment variable " + matcher.group(1) + " is not set and has no default"
                        + " (write ${env:" + matcher.group(1) + ":-default})");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(resolved));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
