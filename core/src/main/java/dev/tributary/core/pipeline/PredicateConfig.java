package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.util.Map;

/**
 * A Kafka Connect predicate, named so that transforms can refer to it, with Kafka Connect's own property names.
 *
 * <pre>{@code
 * predicates:
 *   - alias: IsOrders
 *     type: TopicNameMatches           # or org.apache.kafka.connect.transforms.predicates.TopicNameMatches
 *     pattern: pg-orders.*
 * transforms:
 *   - type: RegexRouter
 *     predicate: IsOrders
 *     regex: pg-(.*)
 *     replacement: shop.$1
 * }</pre>
 *
 * @param path where the predicate is declared, for error messages
 * @param alias the name transforms refer to it by
 * @param type the predicate's class name, or its simple name within org.apache.kafka.connect.transforms.predicates
 * @param properties the predicate's properties, as in a connector configuration's predicates.&lt;name&gt;.* keys
 */
public record PredicateConfig(String path, String alias, String type, Map<String, String> properties) {

    public static final Setting<String> ALIAS = Setting.string("alias")
            .required()
            .validate(n -> !n.isBlank(), "not be blank")
            .doc("The name a transform's predicate setting refers to, as a connector's predicates list names it"
                    + " (alias, not name: HasHeaderKey has a property called name).");
    public static final Setting<String> TYPE = Setting.string("type")
            .required()
            .doc("The predicate: TopicNameMatches (pattern: a regular expression the whole topic name matches),"
                    + " HasHeaderKey (name: a header the record has) or RecordIsTombstone (a null value), with or"
                    + " without the package org.apache.kafka.connect.transforms.predicates. Its other keys are the"
                    + " predicate's own properties, validated by it at start-up.");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "predicates[]",
                    "A Kafka Connect predicate that transforms of the same source or sink refer to by its alias: such a"
                            + " transform applies only to the records the predicate matches (or, with negate, does"
                            + " not match).")
            .add(ALIAS, TYPE)
            .openEnded()
            .build();

    static PredicateConfig from(ConfigObject config) {
        return new PredicateConfig(config.path(), config.get(ALIAS), config.get(TYPE), Map.copyOf(config.extra()));
    }
}
