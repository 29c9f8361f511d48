package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.PredicateConfig;
import dev.tributary.core.pipeline.TransformConfig;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.core.transform.TransformException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A connector's {@code transforms}, {@code transforms.<alias>.*}, {@code predicates} and {@code predicates.<name>.*}
 * properties as the pipeline's transform and predicate lists: each alias, in order, becomes
 * {@code {type: <class>, [predicate: <name>, negate: true,] <property>: <value>, …}}, and each predicate a transform
 * names becomes {@code {alias: <name>, type: <class>, <property>: <value>, …}}. The functions run them with Kafka
 * Connect's own classes; they are created here too, as the functions create them, so that a transform that cannot
 * run stops the translation naming the connector's property rather than a pipeline path.
 */
final class ConnectTransforms {

    /**
     * Properties Apache Kafka renamed and then removed, by transform class: Kafka 4's ReplaceField knows only
     * {@code exclude} and {@code include}, and would ignore a Kafka 2 or 3 connector's {@code blacklist} and
     * {@code whitelist} without a word, keeping the fields they dropped.
     */
    private static final Map<String, Map<String, String>> RENAMED = Map.of(
            "org.apache.kafka.connect.transforms.ReplaceField$Value",
                    Map.of("blacklist", "exclude", "whitelist", "include"),
            "org.apache.kafka.connect.transforms.ReplaceField$Key",
                    Map.of("blacklist", "exclude", "whitelist", "include"));

    private ConnectTransforms() {}

    /** Sets {@code transforms} and {@code predicates} on a translated source or sink, when the connector has any. */
    static void into(ConnectorProperties properties, ObjectNode target) {
        List<String> aliases = properties.list("transforms");
        List<String> declared = properties.list("predicates");
        Map<String, PredicateConfig> predicates = new LinkedHashMap<>();
        Set<String> named = new LinkedHashSet<>();
        List<TransformConfig> configs = new ArrayList<>();
        ArrayNode transforms = target.arrayNode();
        for (String alias : aliases) {
            String prefix = "transforms." + alias + ".";
            String type = properties.required(prefix + "type", "each alias of transforms needs its class");
            Optional<String> predicateName = properties.find(prefix + "predicate");
            Optional<Boolean> negate = properties.bool(prefix + "negate");
            if (negate.isPresent() && predicateName.isEmpty()) {
                // Kafka Connect refuses this too.
                throw properties.error(
                        prefix + "negate",
                        "is set but " + prefix + "predicate is not: negate turns"
                                + " the transform's predicate around, and it has none");
            }
            ObjectNode transform = transforms.addObject();
            transform.put("type", type);
            Optional<PredicateConfig> predicate = predicateName.map(name -> {
                if (!declared.contains(name)) {
                    throw properties.error(
                            prefix + "predicate",
                            "names no predicate of the connector: predicates" + " lists "
                                    + (declared.isEmpty() ? "none" : String.join(", ", declared)));
                }
                named.add(name);
                return predicates.computeIfAbsent(name, n -> predicate(properties, n));
            });
            predicate.ifPresent(p -> transform.put("predicate", p.alias()));
            if (negate.orElse(false)) {
                transform.put("negate", true);
            }
            Map<String, String> own = new LinkedHashMap<>();
            Map<String, String> renamed = RENAMED.getOrDefault(type, Map.of());
            for (String key : properties.keysStartingWith(prefix)) {
                String property = key.substring(prefix.length());
                if (List.of("type", "predicate", "negate").contains(property)) {
                    continue;
                }
                String current = renamed.getOrDefault(property, property);
                if (!current.equals(property)) {
                    if (properties.peek(prefix + current).isPresent()) {
                        throw properties.error(
                                key,
                                "is the name Kafka 3 and earlier gave " + prefix + current
                                        + ", which is set too: keep one of them");
                    }
                    properties.notice(key + " is read as " + prefix + current + ": Kafka 4 renamed it, and its" + " "
                            + simpleName(type) + " would ignore the old name");
                }
                own.put(current, properties.raw(key));
                transform.put(current, own.get(current));
            }
            unknownProperties(properties, alias, type, own.keySet());
            configs.add(new TransformConfig("transforms." + alias, type, own, predicate, negate.orElse(false)));
        }
        check(properties, aliases, configs);
        for (String key : properties.keysStartingWith("transforms.")) {
            String alias = key.substring("transforms.".length()).split("\\.", 2)[0];
            if (!aliases.contains(alias)) {
                properties.ignore(key, "transform alias " + alias + " is not listed in transforms");
            }
        }
        for (String name : declared) {
            if (!named.contains(name)) {
                properties.ignorePrefix(
                        "predicates." + name + ".", "predicate " + name + " is named by no" + " transform's predicate");
            }
        }
        properties.ignorePrefix("predicates.", "only the predicates listed in predicates are used");
        if (!transforms.isEmpty()) {
            target.set("transforms", transforms);
        }
        if (!predicates.isEmpty()) {
            ArrayNode list = target.putArray("predicates");
            for (PredicateConfig predicate : predicates.values()) {
                ObjectNode node = list.addObject();
                node.put("alias", predicate.alias());
                node.put("type", predicate.type());
                predicate.properties().forEach(node::put);
            }
        }
    }

    /**
     * Says which properties a transform's class does not define: Kafka Connect passes them on and the transform
     * ignores them, so they have no effect there either, and a misspelt or removed name would go unnoticed.
     */
    private static void unknownProperties(
            ConnectorProperties properties, String alias, String type, Set<String> names) {
        Set<String> defined;
        try {
            Object instance = Class.forName(type).getDeclaredConstructor().newInstance();
            if (!(instance instanceof Transformation<?> transformation)) {
                return;
            }
            defined = transformation.config().names();
            transformation.close();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A class that cannot be created is refused by check(), with the reason.
            return;
        }
        for (String name : names) {
            if (!defined.contains(name)) {
                properties.notice("transforms." + alias + "." + name + " is not a property of " + simpleName(type)
                        + " (it has " + String.join(", ", new TreeSet<>(defined)) + "): Kafka Connect"
                        + " ignores it, and so does Tributary");
            }
        }
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static PredicateConfig predicate(ConnectorProperties properties, String name) {
        String prefix = "predicates." + name + ".";
        String type = properties.required(prefix + "type", "each predicate of predicates needs its class");
        Map<String, String> own = new LinkedHashMap<>();
        for (String key : properties.keysStartingWith(prefix)) {
            if (!key.equals(prefix + "type")) {
                own.put(key.substring(prefix.length()), properties.raw(key));
            }
        }
        return new PredicateConfig("predicates." + name, name, type, own);
    }

    /**
     * Creates the transforms and their predicates as the functions do, and closes them: what Kafka Connect would
     * refuse to start is refused here, naming the connector's property.
     */
    private static void check(ConnectorProperties properties, List<String> aliases, List<TransformConfig> configs) {
        try {
            // The record type does not matter for creating and configuring them.
            TransformChain.<SourceRecord>of(configs).close();
        } catch (TransformException e) {
            int index = 0;
            while (configs.get(index) != e.transform()) {
                index++;
            }
            String alias = aliases.get(index);
            String predicate =
                    e.transform().predicate().map(PredicateConfig::alias).orElse("");
            throw switch (e.problem()) {
                case TRANSFORM_CLASS ->
                    properties.error("transforms." + alias + ".type", "is not supported because " + e.reason());
                case TRANSFORM_PROPERTIES ->
                    properties.error(
                            "transforms." + alias + ".type",
                            "refuses its" + " properties transforms." + alias + ".*: " + e.reason());
                case PREDICATE_CLASS ->
                    properties.error(
                            "predicates." + predicate + ".type", "is not supported" + " because " + e.reason());
                case PREDICATE_PROPERTIES ->
                    properties.error(
                            "predicates." + predicate + ".type",
                            "refuses its" + " properties predicates." + predicate + ".*: " + e.reason());
            };
        }
    }
}
