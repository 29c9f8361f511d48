package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigDocs;
import dev.tributary.core.config.ConfigGroup;

/** The pipeline file's reference documentation, generated from the setting declarations. */
public final class PipelineReference {

    /** The declaration of the whole pipeline file. */
    public static final ConfigGroup ROOT = PipelineConfig.GROUP;

    private PipelineReference() {}

    public static String markdown() {
        return ConfigDocs.markdown(ROOT, "Pipeline configuration reference", """
                One pipeline configures all three functions; `TRIBUTARY_CONFIG` names it, as a path or an `s3://` \
                URI: a pipeline file (YAML or JSON), a Kafka Connect connector's JSON, or a directory (an S3 key \
                ending in `/`) holding several of either, merged (see [Kafka Connect configurations](kafka-connect.md)). \
                It is validated when a function starts: an unknown key, a missing required setting or an invalid \
                value stops start-up with a message naming the setting, the value and the rule. Values may refer to \
                environment variables as `${env:NAME}` or `${env:NAME:-default}`.

                Durations take a unit: `500ms`, `5s`, `2m`, `1h` (or ISO-8601, `PT5S`). Lists are YAML sequences or \
                comma-separated strings.
                """);
    }
}
