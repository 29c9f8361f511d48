package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.nativeimage.NativeBuild;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalog's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds. (It reads Parquet footers only, which takes no codec.)
 */
class NativeReadinessTest {

    @Test
    void shouldRunTheNativeBuildUpToNativeImage() {
        NativeBuild build = NativeBuild.of();

        assertThat(build.nativeImage()).exists();
        assertThat(build.nativeImageArgs()).contains("--no-fallback", "-jar");
    }

    @Test
    void shouldRegisterEveryClassJacksonBinds() {
        NativeBuild build = NativeBuild.of();
        // The function's and core's own classes.
        Set<String> bound = NativeBuild.jacksonClasses(CatalogHandler.class, PipelineParser.class);

        assertThat(bound)
                .contains(
                        CatalogEvent.class.getName(),
                        CatalogEvent.Resync.class.getName(),
                        CatalogResponse.class.getName());
        assertThat(build.missingForJackson(bound))
                .as("classes Jackson binds that the native image would not register")
                .isEmpty();
    }
}
