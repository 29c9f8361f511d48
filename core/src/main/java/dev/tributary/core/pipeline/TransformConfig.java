package dev.tributary.core.pipeline;

import java.util.Map;

import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;

/**
 * One Kafka Connect single message transform, with Kafka Connect's own property names.
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
 */
public record TransformConfig(String path, String type, Map<String, String> properties) {

    public static final Setting<String> TYPE = Setting.string("type").required()
            .doc("The transform: a Kafka Connect transform class (org.apache.kafka.connect.transforms.InsertField$Value)"
                    + " or its simple name (InsertField$Value). Its other keys are the transform's own properties,"
                    + " named as in Kafka Connect (static.field, renames, spec, …) and validated by it at start-up.");

    public static final ConfigGroup GROUP = ConfigGroup.builder("transforms[]",
                    "A Kafka Connect single message transform, applied in list order.")
            .add(TYPE)
            .openEnded()
            .build();

    static TransformConfig from(ConfigObject config) {
        return new TransformConfig(config.path(), config.get(TYPE), Map.copyOf(config.extra()));
    }
}
