package dev.tributary.sink.format;

import static dev.tributary.localstack.nativeimage.NativeReadiness.assertInstantiable;
import static dev.tributary.localstack.nativeimage.NativeReadiness.assertShipsZstd;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.localstack.nativeimage.FunctionNativeReadiness;
import dev.tributary.localstack.nativeimage.NativeBuild;
import dev.tributary.sink.SinkHandler;
import dev.tributary.sink.SinkResponse;
import dev.tributary.sink.event.SinkEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The sink's native build runs every Quarkus step up to native-image, and registers for reflection every class
 * Jackson binds and every Parquet codec the sink can ask for, which Parquet loads by class name.
 */
class NativeReadinessTest extends FunctionNativeReadiness {

    NativeReadinessTest() {
        super(
                List.of(
                        SinkEvent.class.getName(),
                        SinkEvent.Maintenance.class.getName(),
                        KafkaEvent.KafkaEventRecord.class.getName(),
                        SinkResponse.class.getName()),
                SinkHandler.class,
                PipelineParser.class);
    }

    @Test
    void shouldRegisterTheCodecOfEveryCompression() {
        Set<String> codecs = new TreeSet<>();
        for (Compression compression : Compression.values()) {
            String codec = new ParquetEncoder(compression).codec().getHadoopCompressionCodecClassName();
            if (codec != null) {
                codecs.add(codec);
            }
        }

        assertThat(codecs).hasSize(3);
        assertInstantiable(codecs, "Parquet codecs");
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
        assertShipsZstd();
    }
}
