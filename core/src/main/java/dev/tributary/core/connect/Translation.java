package dev.tributary.core.connect;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector as a fragment of a native pipeline.
 *
 * @param pipeline what the connector's properties say: a source or a sink, and the database or topic settings they
 *        imply; two connectors that set the same setting differently cannot run together
 * @param defaults settings the connector leaves to its Kafka Connect worker (the brokers, the state table), as
 *        {@code ${env:…}} references to the variables template.yaml sets; anything else in the pipeline overrides them
 * @param notices one line per property accepted without effect, and other remarks, for the log
 */
public record Translation(ObjectNode pipeline, ObjectNode defaults, List<String> notices) {

    public Translation {
        notices = List.copyOf(notices);
    }
}
