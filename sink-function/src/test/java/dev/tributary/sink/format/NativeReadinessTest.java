package dev.tributary.sink.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.localstack.nativeimage.NativeBuild;
import dev.tributary.sink.SinkHandler;
import dev.tributary.sink.SinkResponse;
import dev.tributary.sink.event.SinkEvent;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The sink's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds and every Parquet codec the sink can ask for, which Parquet loads by class name.
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
        Set<String> bound = NativeBuild.jacksonClasses(SinkHandler.class, PipelineParser.class);

        assertThat(bound)
                .contains(
                        SinkEvent.class.getName(),
                        SinkEvent.Maintenance.class.getName(),
                        KafkaEvent.KafkaEventRecord.class.getName(),
                        SinkResponse.class.getName());
        assertThat(build.missingForJackson(bound))
                .as("classes Jackson binds that the native image would not register")
                .isEmpty();
    }

    @Test
    void shouldRegisterTheCodecOfEveryCompression() {
        NativeBuild build = NativeBuild.of();
        Set<String> codecs = new TreeSet<>();
        for (Compression compression : Compression.values()) {
            String codec = new ParquetEncoder(compression).codec().getHadoopCompressionCodecClassName();
            if (codec != null) {
                codecs.add(codec);
            }
        }

        assertThat(codecs).hasSize(3);
        assertThat(codecs.stream().filter(c -> !build.instantiable(c)))
                .as("Parquet codecs the native image would not register")
                .isEmpty();
    }

    @Test
    void shouldWriteAvroWithoutReflectiveDataModels() {
        // GenericData needs no reflection; ReflectData and SpecificData look classes up by name. None is used.
        assertThat(NativeBuild.callersOf(
                        Set.of("org/apache/avro/reflect/", "org/apache/avro/specific/"),
                        SinkHandler.class,
                        PipelineParser.class))
                .isEmpty();
    }

    @Test
    void shouldShipZstdsNativeLibraryAndTheFieldsItsCodeReads() {
        NativeBuild build = NativeBuild.of();

        assertThat(build.jniFields())
                .containsEntry("com.github.luben.zstd.ZstdOutputStreamNoFinalizer", Set.of("srcPos", "dstPos"));
        assertThat(build.resourcePatterns()).anyMatch(p -> p.contains("libzstd-jni"));
    }
}
