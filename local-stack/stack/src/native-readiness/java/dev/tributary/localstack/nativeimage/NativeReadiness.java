package dev.tributary.localstack.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;

/**
 * The checks every function's native readiness test makes of its {@link NativeBuild}: that the build runs up to
 * native-image, that every class Jackson binds is registered, that classes loaded by name are, and that zstd's native
 * library ships with the fields its code reads.
 */
public final class NativeReadiness {

    private NativeReadiness() {}

    /** The native build runs every Quarkus step up to native-image, which it calls for a standalone image. */
    public static void assertBuildsUpToNativeImage() {
        NativeBuild build = NativeBuild.of();

        assertThat(build.nativeImage()).exists();
        assertThat(build.nativeImageArgs()).contains("--no-fallback", "-jar");
    }

    /**
     * Every class Jackson binds, reachable from the handler's types and the anchors' (the function's and core's own
     * classes), is registered for reflection.
     *
     * @param expected classes the scan must find, so that it is known to look where it should
     */
    public static void assertRegistersEveryClassJacksonBinds(
            Collection<String> expected, Class<?> handler, Class<?>... anchors) {
        Set<String> bound = NativeBuild.jacksonClasses(handler, anchors);

        assertThat(bound).containsAll(expected);
        assertThat(NativeBuild.of().missingForJackson(bound))
                .as("classes Jackson binds that the native image would not register")
                .isEmpty();
    }

    /**
     * Classes a library instantiates by name are registered.
     *
     * @param what which classes, for the failure's message ("Parquet codecs")
     */
    public static void assertInstantiable(Collection<String> classes, String what) {
        NativeBuild build = NativeBuild.of();

        assertThat(classes.stream().filter(c -> !build.instantiable(c)))
                .as(what + " the native image would not register")
                .isEmpty();
    }

    /** zstd-jni's native library ships, and the fields its C code reads through JNI are registered. */
    public static void assertShipsZstd() {
        NativeBuild build = NativeBuild.of();

        assertThat(build.jniFields())
                .containsEntry("com.github.luben.zstd.ZstdOutputStreamNoFinalizer", Set.of("srcPos", "dstPos"));
        assertThat(build.resourcePatterns()).anyMatch(p -> p.contains("libzstd-jni"));
    }
}
