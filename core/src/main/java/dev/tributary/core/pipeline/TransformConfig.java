package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kafka Connect single message transform, with Kafka Connect's own property names, and the predicate that
 * decides which records it applies to.
 *
 * <pre>{@code
 * - type: InsertField$Value        # or org.apache.kafka.connect.transforms.InsertField$Value
 *   static.field: message_source
 *   static.value: pagila
 * }</pre>
 *
 * @param path where the transform is declared, for error messages
 * @param type the transform's class name, or its simple name within org.apache.kafka.connect.transforms
 * @param properties the transform's properties, as in a connector configuration's transforms.&lt;name&gt;.* keys
 * @param predicate the predicate the transform applies under; none: it applies to every record
 * @param negate whether the transform applies to the records the predicate does not match instead
 */
public record TransformConfig(
        String path, String type, Map<String, String> properties, Optional<PredicateConfig> predicate, boolean negate) {

    public static final Setting<String> TYPE = Setting.string("type")
            .required()
            .doc(
                    "The transform: a Kafka Connect transform class (org.apache.kafka.connect.transforms.InsertField$Value)"
                            + " or its simple name (InsertField$Value). Its other keys are the transform's own properties,"
                            + " named as in Kafka Connect (static.field, renames, spec, …) and validated by it at start-up.");
    public static final Setting<String> PREDICATE = Setting.string("predicate")
            .defaultDescribed("none: every record")
            .doc("The alias of one of the predicates of the same source or sink: the transform applies only to the"
                    + " records it matches, as a connector's transforms.ALIAS.predicate.");
    public static final Setting<Boolean> NEGATE = Setting.bool("negate")
            .defaultValue(false)
            .doc("Apply the transform to the records the predicate does not match instead, as a connector's"
                    + " transforms.ALIAS.negate. Only with predicate.");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "transforms[]", "A Kafka Connect single message transform, applied in list order.")
            .add(TYPE, PREDICATE, NEGATE)
            .openEnded()
            .build();

    public TransformConfig {
        properties = Map.copyOf(properties);
    }

    /** A transform that applies to every record. */
    public TransformConfig(String path, String type, Map<String, String> properties) {
        this(path, type, properties, Optional.empty(), false);
    }

    /**
     * The transforms of a source or sink, each with the predicate it names from the same object's predicates.
     *
     * @throws ConfigException if a transform names no declared predicate, negates without one, or a predicate is
     *         declared twice or named by no transform
     */
    static List<TransformConfig> listOf(ConfigObject owner) {
        Map<String, PredicateConfig> predicates = new LinkedHashMap<>();
        for (ConfigObject declared : owner.list("predicates")) {
            PredicateConfig predicate = PredicateConfig.from(declared);
            if (predicates.putIfAbsent(predicate.alias(), predicate) != null) {
                throw ConfigException.invalid(
                        declared.path(PredicateConfig.ALIAS),
                        predicate.alias(),
                        "is already the alias of "
                                + predicates.get(predicate.alias()).path());
            }
        }
        Set<String> named = new LinkedHashSet<>();
        List<TransformConfig> transforms = new ArrayList<>();
        for (ConfigObject transform : owner.list("transforms")) {
            Optional<String> name = transform.find(PREDICATE);
            if (name.isEmpty() && transform.isSet(NEGATE)) {
                throw ConfigException.invalid(
                        transform.path(NEGATE),
                        transform.get(NEGATE),
                        "is only used with " + transform.path(PREDICATE)
                                + ", whose matches it turns around, and that is not set");
            }
            Optional<PredicateConfig> predicate = name.map(n -> {
                PredicateConfig declared = predicates.get(n);
                if (declared == null) {
                    throw ConfigException.invalid(
                            transform.path(PREDICATE),
                            n,
                            "must name one of the predicates"
                                    + " of " + owner.path() + " ("
                                    + (predicates.isEmpty()
                                            ? "it declares none"
                                            : String.join(", ", predicates.keySet()))
                                    + ")");
                }
                named.add(n);
                return declared;
            });
            transforms.add(new TransformConfig(
                    transform.path(), transform.get(TYPE), transform.extra(), predicate, transform.get(NEGATE)));
        }
        for (PredicateConfig predicate : predicates.values()) {
            if (!named.contains(predicate.alias())) {
                // Kafka Connect accepts a predicate nothing uses; in a pipeline file it is a leftover or a typo.
                throw ConfigException.invalid(
                        predicate.path() + "." + PredicateConfig.ALIAS.key(),
                        predicate.alias(),
                        "is named by no transform's predicate: name it in a transform, or remove it");
            }
        }
        return List.copyOf(transforms);
    }
}
