package dev.tributary.catalog;

import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.storage.S3PipelineFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the catalog at start-up from the pipeline file, so that bad configuration fails the function's init. */
@ApplicationScoped
public class CatalogBeans {

    /** Attempts at each Glue call, throttled or failing with a server error, before the invocation fails. */
    static final int GLUE_ATTEMPTS = 8;

    /**
     * Glue has no Quarkus extension: the plain SDK client, which honours AWS_ENDPOINT_URL_GLUE, with adaptive
     * retries so that throttling backs off.
     */
    @Produces
    @Singleton
    GlueClient glue() {
        return glueClient(GlueClient.builder());
    }

    /**
     * A Glue client from a builder: the URL connection HTTP client, and adaptive retries with up to
     * {@value #GLUE_ATTEMPTS} attempts, since Glue throttles bursts of catalog calls such as many objects landing at
     * once.
     */
    static GlueClient glueClient(GlueClientBuilder builder) {
        return builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                        .maxAttempts(GLUE_ATTEMPTS)
                        .build()))
                .build();
    }

    @Produces
    @Singleton
    CatalogService catalog(CatalogSettings settings, S3Client s3, GlueClient glue) {
        PipelineConfig pipeline = PipelineLoader.load(settings.config(), new S3PipelineFiles(s3), System.getenv());
        if (pipeline.sinks().isEmpty()) {
            throw new dev.tributary.core.config.ConfigException("Missing setting sinks: the catalog registers what"
                    + " the pipeline's sinks write, and there is none");
        }
        return new CatalogService(pipeline, s3, new GlueCatalog(glue));
    }

    void startEagerly(@Observes StartupEvent event, CatalogService catalog) {
        // Touching the bean builds it now: configuration errors stop start-up instead of the first invocation.
        catalog.toString();
    }
}
