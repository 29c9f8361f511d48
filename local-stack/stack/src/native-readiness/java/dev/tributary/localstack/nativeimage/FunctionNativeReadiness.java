package dev.tributary.localstack.nativeimage;

import static dev.tributary.localstack.nativeimage.NativeReadiness.assertBuildsUpToNativeImage;
import static dev.tributary.localstack.nativeimage.NativeReadiness.assertRegistersEveryClassJacksonBinds;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tests every function's NativeReadinessTest runs alike: its native build runs every Quarkus step up to
 * native-image, and registers for reflection every class Jackson binds. A function's test names its handler, the
 * anchors of its scan and the classes the scan must find, and adds the checks of its own.
 */
public abstract class FunctionNativeReadiness {

    private final List<String> jacksonBound;
    private final Class<?> handler;
    private final Class<?>[] anchors;

    /**
     * @param jacksonBound classes the scan must find, so that it is known to look where it should
     * @param handler the function's handler, whose types the scan starts from
     * @param anchors classes whose code sources the scan reads too (the function's and core's own)
     */
    protected FunctionNativeReadiness(Collection<String> jacksonBound, Class<?> handler, Class<?>... anchors) {
        this.jacksonBound = List.copyOf(jacksonBound);
        this.handler = handler;
        this.anchors = anchors.clone();
    }

    @Test
    public void shouldRunTheNativeBuildUpToNativeImage() {
        assertBuildsUpToNativeImage();
    }

    @Test
    public void shouldRegisterEveryClassJacksonBinds() {
        assertRegistersEveryClassJacksonBinds(jacksonBound, handler, anchors);
    }
}
