package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;

/**
 * Where the poller keeps its high-water marks and leases.
 *
 * @param table the DynamoDB table (partition key {@code pk}, a string)
 */
public record StateConfig(String table) {

    public static final Setting<String> TABLE = Setting.string("table")
            .defaultValue("tributary-state")
            .validate(
                    t -> t.matches("[a-zA-Z0-9_.-]{3,255}"), "be a DynamoDB table name (3 to 255 of a-z A-Z 0-9 _ . -)")
            .doc("DynamoDB table for high-water marks and leases: partition key pk (string), on-demand capacity."
                    + " The template creates it; the poller does not.");

    public static final ConfigGroup GROUP = ConfigGroup.builder("state", "The poller's state in DynamoDB.")
            .add(TABLE)
            .build();

    static StateConfig from(ConfigObject config) {
        return new StateConfig(config.get(TABLE));
    }
}
