package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Walking and changing a parsed template in tests: paths through its maps, and changed copies of it. */
final class TemplateNodes {

    private TemplateNodes() {}

    /** The repository's template, changed by {@code change} in a deep copy. */
    static Map<String, Object> mutated(Consumer<Map<String, Object>> change) {
        Map<String, Object> root = map(deepCopy(Repository.template()));
        change.accept(root);
        return root;
    }

    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
