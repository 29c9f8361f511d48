package dev.tributary.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declaration of one object in the pipeline file: its settings, the objects nested under it (one, or a list),
 * and whether keys beyond the declared ones are passed through (as for a Kafka Connect transform, whose own
 * definition validates them).
 */
public final class ConfigGroup {

    private final String name;
    private final String description;
    private final List<Setting<?>> settings;
    private final Map<String, ConfigGroup> objects;
    private final Map<String, ConfigGroup> lists;
    private final boolean openEnded;

    private ConfigGroup(
            String name,
            String description,
            List<Setting<?>> settings,
            Map<String, ConfigGroup> objects,
            Map<String, ConfigGroup> lists,
            boolean openEnded) {
        this.name = name;
        this.description = description;
        this.settings = settings;
        this.objects = objects;
        this.lists = lists;
        this.openEnded = openEnded;
    }

    public static Builder builder(String name, String description) {
        return new Builder(name, description);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<Setting<?>> settings() {
        return settings;
    }

    /** Nested single objects, by key. */
    public Map<String, ConfigGroup> objects() {
        return objects;
    }

    /** Nested lists of objects, by key. */
    public Map<String, ConfigGroup> lists() {
        return lists;
    }

    public boolean openEnded() {
        return openEnded;
    }

    /**
     * Parses and validates {@code node}, found at {@code path}.
     *
     * @throws ConfigException on the first unknown key, missing required setting or invalid value, naming its path
     */
    public ConfigObject parse(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            node = new ObjectNode(null);
        }
        if (!node.isObject()) {
            throw ConfigException.invalid(
                    path.isEmpty() ? "the pipeline" : path, node.toString(), "must be a map of settings");
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Set<Setting<?>> explicit = new HashSet<>();
        Map<String, String> extra = new LinkedHashMap<>();
        Map<String, ConfigObject> parsedObjects = new LinkedHashMap<>();
        Map<String, List<ConfigObject>> parsedLists = new LinkedHashMap<>();
        Set<String> known = new HashSet<>();
        for (Setting<?> setting : settings) {
            known.add(setting.key());
            JsonNode value = node.get(setting.key());
            String settingPath = join(path, setting.key());
            if (value == null || value.isNull()) {
                if (setting.isRequired()) {
                    throw new ConfigException(
                            "Missing required setting " + settingPath + ": " + firstSentence(setting.documentation()));
                }
                setting.defaultValue().ifPresent(v -> values.put(setting, v));
            } else {
                values.put(setting, setting.parse(value, settingPath));
                explicit.add(setting);
            }
        }
        for (Map.Entry<String, ConfigGroup> entry : objects.entrySet()) {
            known.add(entry.getKey());
            parsedObjects.put(
                    entry.getKey(), entry.getValue().parse(node.get(entry.getKey()), join(path, entry.getKey())));
        }
        for (Map.Entry<String, ConfigGroup> entry : lists.entrySet()) {
            known.add(entry.getKey());
            JsonNode list = node.get(entry.getKey());
            List<ConfigObject> elements = new ArrayList<>();
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw ConfigException.invalid(join(path, entry.getKey()), list.toString(), "must be a list");
                }
                for (int i = 0; i < list.size(); i++) {
                    elements.add(entry.getValue().parse(list.get(i), join(path, entry.getKey()) + "[" + i + "]"));
                }
            }
            parsedLists.put(entry.getKey(), List.copyOf(elements));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (known.contains(field.getKey())) {
                continue;
            }
            if (!openEnded) {
                throw new ConfigException("Unknown setting " + join(path, field.getKey()) + suggestion(field.getKey())
                        + "; the settings of " + name + " are listed in docs/configuration.md");
            }
            if (field.getValue().isContainerNode() && !field.getValue().isArray()) {
                throw ConfigException.invalid(
                        join(path, field.getKey()), field.getValue().toString(), "must be a single value or a list");
            }
            extra.put(
                    field.getKey(),
                    field.getValue().isArray()
                            ? joinList(field.getValue())
                            : field.getValue().asText());
        }
        return new ConfigObject(path, values, explicit, extra, parsedObjects, parsedLists);
    }

    private String suggestion(String unknown) {
        List<String> candidates = new ArrayList<>();
        settings.forEach(s -> candidates.add(s.key()));
        candidates.addAll(objects.keySet());
        candidates.addAll(lists.keySet());
        Optional<String> closest =
                candidates.stream().min(Comparator.comparingInt(candidate -> distance(candidate, unknown)));
        return closest.filter(c -> distance(c, unknown) <= Math.max(2, unknown.length() / 3))
                .map(c -> " (did you mean " + c + "?)")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String joinList(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(element -> parts.add(element.asText()));
        return String.join(",", parts);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** Declares a {@link ConfigGroup}. */
    public static final class Builder {
        private final String name;
        private final String description;
        private final List<Setting<?>> settings = new ArrayList<>();
        private final Map<String, ConfigGroup> objects = new LinkedHashMap<>();
        private final Map<String, ConfigGroup> lists = new LinkedHashMap<>();
        private boolean openEnded;

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        public Builder add(Setting<?>... more) {
            settings.addAll(List.of(more));
            return this;
        }

        public Builder object(String key, ConfigGroup group) {
            objects.put(key, group);
            return this;
        }

        public Builder list(String key, ConfigGroup group) {
            lists.put(key, group);
            return this;
        }

        /** Pass keys that are not declared here through to {@link ConfigObject#extra()}. */
        public Builder openEnded() {
            openEnded = true;
            return this;
        }

        public ConfigGroup build() {
            return new ConfigGroup(
                    name,
                    description,
                    List.copyOf(settings),
                    Collections.unmodifiableMap(new LinkedHashMap<>(objects)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(lists)),
                    openEnded);
        }
    }
}
