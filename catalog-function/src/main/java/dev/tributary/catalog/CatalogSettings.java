package dev.tributary.catalog;

import io.smallrye.config.ConfigMapping;

/** The catalog function's own settings, from its environment; the pipeline file configures the rest. */
@ConfigMapping(prefix = "tributary")
public interface CatalogSettings {

    /** Location of the pipeline file: a path, or an {@code s3://bucket/key} URI. */
    String config();
}
