package dev.tributary.sink;

import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.storage.S3PipelineFiles;
import dev.tributary.sink.storage.S3LakeStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the sink at start-up from the pipeline file, so that bad configuration fails the function's init. */
@ApplicationScoped
public class SinkBeans {

    @Produces
    @Singleton
    SinkService sink(SinkSettings settings, S3Client s3) {
        return new SinkService(
                PipelineLoader.load(settings.config(), new S3PipelineFiles(s3), System.getenv()), new S3LakeStore(s3));
    }

    void close(@Disposes SinkService sink) {
        sink.close();
    }

    void startEagerly(@Observes StartupEvent event, SinkService sink) {
        // Touching the bean builds it now: configuration errors stop start-up instead of the first invocation.
        sink.toString();
    }
}
