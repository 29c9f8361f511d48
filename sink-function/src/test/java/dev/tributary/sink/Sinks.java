package dev.tributary.sink;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SinkConfig;
import java.util.Map;

/** Sinks parsed from YAML, as a pipeline file gives them, for tests of the sink's parts. */
final class Sinks {

    private Sinks() {}

    static PipelineConfig pipeline(String sinks) {
        return PipelineParser.parse("sinks:\n" + sinks, "sinks.yaml", Map.of());
    }

    /** The pipeline's first sink. */
    static SinkConfig first(String sinks) {
        return pipeline(sinks).sinks().get(0);
    }
}
