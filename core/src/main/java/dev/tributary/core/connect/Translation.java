package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector as a fragment of a native pipeline.
 *
 * @param pipeline what the connector's properties say: a source or a sink, and the database or topic settings they
 *        imply; two connectors that set the same setting differently cannot run together
 * @param defaults settings the connector leaves to its Kafka Connect worker (the brokers, the state table), as
 *        {@code ${env:…}} references to the variables template.yaml sets; anything else in the pipeline overrides them
 * @param notices one line per property accepted without effect, and other remarks, for the log
 * @param connector the connector translated
 * @param properties the connector property each setting of {@code pipeline} comes from, by the setting's path
 *        ({@code sinks[0].bucket}: {@code s3.bucket.name}), so that the pipeline's own rules can name it
 */
public record Translation(
        ObjectNode pipeline,
        ObjectNode defaults,
        List<String> notices,
        ConnectorConfig connector,
        Map<String, String> properties) {

    public Translation {
        notices = List.copyOf(notices);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A translator's own part: fills the pipeline fragment from the connector's properties. */
    @FunctionalInterface
    interface Fill {
        void into(ConnectorProperties properties, ObjectNode pipeline);
    }

    /**
     * Translates {@code connector} as every translator does: reads its class and name, lets {@code fill} make the
     * pipeline fragment, reports the properties nothing read and throws what was refused.
     *
     * @param kind the connector's class, as unknown properties are reported against
     * @param defaults the settings the connector leaves to its worker
     * @param origins for each setting, the connector properties it may come from ({@link SettingOrigins#table})
     */
    static Translation of(
            ConnectorConfig connector,
            Map<String, String> environment,
            String kind,
            ObjectNode defaults,
            Map<String, List<String>> origins,
            Fill fill) {
        ConnectorProperties p = new ConnectorProperties(connector, environment);
        p.find(ConnectorConfig.CONNECTOR_CLASS);
        p.find("name");
        ObjectNode pipeline = JsonNodeFactory.instance.objectNode();
        fill.into(p, pipeline);
        p.reportUnknown(kind);
        p.throwRefusals();
        return new Translation(pipeline, defaults, p.notices(), connector, SettingOrigins.of(p, pipeline, origins));
    }
}
