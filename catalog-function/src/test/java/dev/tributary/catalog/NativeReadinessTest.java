package dev.tributary.catalog;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.nativeimage.FunctionNativeReadiness;
import java.util.List;

/**
 * The catalog's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds. (It reads Parquet footers only, which takes no codec.)
 */
class NativeReadinessTest extends FunctionNativeReadiness {

    NativeReadinessTest() {
        super(
                List.of(
                        CatalogEvent.class.getName(),
                        CatalogEvent.Resync.class.getName(),
                        CatalogResponse.class.getName()),
                CatalogHandler.class,
                PipelineParser.class);
    }
}
