package dev.tributary.sink;

import io.smallrye.config.ConfigMapping;

/** The sink function's own settings, from its environment; the pipeline file configures the sinks. */
@ConfigMapping(prefix = "tributary")
public interface SinkSettings {

    /** Location of the pipeline file: a path, or an {@code s3://bucket/key} URI. */
    String config();
}
