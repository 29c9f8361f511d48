package dev.tributary.core.connect;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector's {@code transforms} and {@code transforms.<alias>.*} properties as the pipeline's transform list:
 * each alias, in order, becomes {@code {type: <class>, <property>: <value>, …}}, which the pipeline runs with Kafka
 * Connect's own transform classes.
 */
final class ConnectTransforms {

    private ConnectTransforms() {
    }

    /** The transform list, empty when the connector has none. */
    static ArrayNode of(ConnectorProperties properties) {
        ArrayNode transforms = JsonNodeFactory.instance.arrayNode();
        List<String> aliases = properties.list("transforms");
        for (String alias : aliases) {
            String prefix = "transforms." + alias + ".";
            String type = properties.required(prefix + "type", "each alias of transforms needs its class");
            for (String key : List.of(prefix + "predicate", prefix + "negate")) {
                if (properties.find(key).isPresent()) {
                    throw properties.error(key, "is not supported because Tributary runs transforms without"
                            + " predicates: apply the transform to every record, or filter in the source query");
                }
            }
            ObjectNode transform = transforms.addObject();
            transform.put("type", type);
            for (String key : properties.keysStartingWith(prefix)) {
                String property = key.substring(prefix.length());
                if (!property.equals("type") && !property.equals("predicate") && !property.equals("negate")) {
                    transform.put(property, properties.raw(key));
                }
            }
        }
        for (String key : properties.keysStartingWith("transforms.")) {
            String alias = key.substring("transforms.".length()).split("\\.", 2)[0];
            if (!aliases.contains(alias)) {
                properties.ignore(key, "transform alias " + alias + " is not listed in transforms");
            }
        }
        properties.ignorePrefix("predicates", "predicates only apply to transforms that name them, and none does");
        return transforms;
    }
}
