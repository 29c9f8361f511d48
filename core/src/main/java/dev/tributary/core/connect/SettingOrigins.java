package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which connector property each setting of a translated connector comes from, so that a value the pipeline's own
 * rules refuse (a bucket name that is not one) is reported by the property the user wrote, not a pipeline path.
 */
final class SettingOrigins {

    private SettingOrigins() {}

    /**
     * A table of candidates, one setting a line: its key, a colon, and the connector properties it may come from,
     * separated by commas, first the likeliest ({@code database.username: connection.user, connection.url}).
     */
    static Map<String, List<String>> table(String lines) {
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (String line : lines.strip().split("\n")) {
            int colon = line.indexOf(':');
            List<String> properties = Arrays.stream(line.substring(colon + 1).split(","))
                    .map(String::strip)
                    .toList();
            candidates.put(line.substring(0, colon).strip(), properties);
        }
        return Collections.unmodifiableMap(candidates);
    }

    /**
     * The settings of a translated fragment, by path ({@code sources[0].poll-interval}), mapped to the first of their
     * candidate properties the connector sets (or the first candidate, for a value the translation chose).
     *
     * @param candidates for each setting (its key within a source or sink, or {@code database.…}, {@code kafka.…}),
     *        the connector properties it may come from
     */
    static Map<String, String> of(
            ConnectorProperties properties, ObjectNode fragment, Map<String, List<String>> candidates) {
        Map<String, String> origins = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> sections = fragment.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (section.getValue().isArray()) {
                String path = section.getKey() + "[0]";
                settings(section.getValue().get(0), path, "", properties, candidates, origins);
            } else {
                settings(section.getValue(), section.getKey(), section.getKey() + ".", properties, candidates, origins);
            }
        }
        return origins;
    }

    private static void settings(
            JsonNode object,
            String path,
            String keyPrefix,
            ConnectorProperties properties,
            Map<String, List<String>> candidates,
            Map<String, String> origins) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (key.equals("transforms")) {
                List<String> aliases = properties.list("transforms");
                for (int i = 0; i < aliases.size(); i++) {
                    origins.put(path + ".transforms[" + i + "]", "transforms." + aliases.get(i) + ".type");
                }
            } else if (key.equals("predicates")) {
                JsonNode predicates = object.get(key);
                for (int i = 0; i < predicates.size(); i++) {
                    origins.put(
                            path + ".predicates[" + i + "]",
                            "predicates." + predicates.get(i).path("alias").asText() + ".type");
                }
            } else {
                List<String> from = candidates.getOrDefault(keyPrefix + key, List.of());
                from.stream()
                        .filter(k -> properties.connector().properties().containsKey(k))
                        .findFirst()
                        .or(() -> from.stream().findFirst())
                        .ifPresent(property -> origins.put(path + "." + key, property));
            }
        }
    }
}
