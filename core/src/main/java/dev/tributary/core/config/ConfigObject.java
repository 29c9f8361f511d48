package dev.tributary.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One parsed and validated object of the pipeline file: typed values by {@link Setting}, and what is nested. */
public final class ConfigObject {

    private final String path;
    private final Map<Setting<?>, Object> values;
    private final Set<Setting<?>> explicit;
    private final Map<String, String> extra;
    private final Map<String, ConfigObject> objects;
    private final Map<String, List<ConfigObject>> lists;

    ConfigObject(
            String path,
            Map<Setting<?>, Object> values,
            Set<Setting<?>> explicit,
            Map<String, String> extra,
            Map<String, ConfigObject> objects,
            Map<String, List<ConfigObject>> lists) {
        this.path = path;
        this.values = values;
        this.explicit = explicit;
        this.extra = extra;
        this.objects = objects;
        this.lists = lists;
    }

    /** Where this object is in the file, such as {@code sources[2]}, for error messages. */
    public String path() {
        return path;
    }

    /** The path of one of this object's settings. */
    public String path(Setting<?> setting) {
        return ConfigGroup.join(path, setting.key());
    }

    /** The value, or the default; throws if the setting has neither (declare it required or give a default). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalStateException(path(setting) + " has no value and no default");
        }
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable((T) values.get(setting));
    }

    /** Whether the file sets this setting, as opposed to it taking its default. */
    public boolean isSet(Setting<?> setting) {
        return explicit.contains(setting);
    }

    /**
     * Refuses an object that sets both or neither of two alternative settings.
     *
     * @param kind what the object is, such as {@code source}
     * @param name the object's name, as its own setting gives it
     */
    public void requireEither(
            String kind, String name, Setting<?> first, boolean firstSet, Setting<?> second, boolean secondSet) {
        if (firstSet == secondSet) {
            throw new ConfigException("Invalid " + kind + " " + path + " ('" + name + "'): set either " + path(first)
                    + " or " + path(second) + ", " + (firstSet ? "but both are set" : "but neither is set"));
        }
    }

    /** Keys beyond the declared settings, for open-ended objects; lists are joined with commas. */
    public Map<String, String> extra() {
        return extra;
    }

    public ConfigObject object(String key) {
        return objects.get(key);
    }

    public List<ConfigObject> list(String key) {
        return lists.getOrDefault(key, List.of());
    }
}
