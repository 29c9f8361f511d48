package dev.tributary.poller;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.storage.S3PipelineFiles;
import dev.tributary.poller.database.AwsSecretReader;
import dev.tributary.poller.state.DynamoDbStateStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the poller at start-up from the pipeline file, so that bad configuration fails the function's init. */
@ApplicationScoped
public class PollerBeans {

    @Produces
    @Singleton
    PipelineConfig pipeline(PollerSettings settings, S3Client s3) {
        return PipelineLoader.load(settings.config(), new S3PipelineFiles(s3), System.getenv());
    }

    @Produces
    @Singleton
    Poller poller(PipelineConfig pipeline, DynamoDbClient dynamo, PollerSettings settings) throws SQLException {
        return Poller.start(
                pipeline,
                new AwsSecretReader(),
                new DynamoDbStateStore(dynamo, pipeline.state().table()),
                settings.poller().leaseDuration());
    }

    void close(@Disposes Poller poller) {
        poller.close();
    }

    void startEagerly(@Observes StartupEvent event, Poller poller) {
        // Touching the bean builds it now: configuration errors stop start-up instead of the first invocation.
        poller.sourceNames();
    }
}
