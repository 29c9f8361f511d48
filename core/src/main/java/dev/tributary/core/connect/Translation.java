package dev.tributary.core.connect;

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
}
