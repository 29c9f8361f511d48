package dev.tributary.catalog;

import static dev.tributary.localstack.nativeimage.NativeReadiness.assertBuildsUpToNativeImage;
import static dev.tributary.localstack.nativeimage.NativeReadiness.assertRegistersEveryClassJacksonBinds;

import dev.tributary.core.pipeline.PipelineParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds. (It reads Parquet footers only, which takes no codec.)
 */
class NativeReadinessTest {

    @Test
    void shouldRunTheNativeBuildUpToNativeImage() {
        assertBuildsUpToNativeImage();
    }

    @Test
    void shouldRegisterEveryClassJacksonBinds() {
        assertRegistersEveryClassJacksonBinds(
                List.of(
                        CatalogEvent.class.getName(),
                        CatalogEvent.Resync.class.getName(),
                        CatalogResponse.class.getName()),
                CatalogHandler.class,
                PipelineParser.class);
    }
}
