package dev.tributary.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tributary.core.failure.Retries;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Lambda entry point of the catalog: S3 object-created events (from EventBridge or S3 notifications) register
 * their objects; {@code {"resync": {"prefix": …}}} registers whatever is missing under a prefix. A Glue or S3 call
 * that may pass is tried again while the invocation has time; then, or at once for a permanent failure, the
 * invocation fails, and Lambda retries the event and finally sends it to the dead-letter queue, from which a resync
 * repairs what it named. Every change is idempotent, so the whole event is simply handled again.
 */
public class CatalogHandler implements RequestHandler<CatalogEvent, CatalogResponse> {

    private static final Retries RETRIES = Retries.standard();

    @Inject
    CatalogService catalog;

    @Override
    public CatalogResponse handleRequest(CatalogEvent event, Context context) {
        Instant deadline = Instant.now().plusMillis(context.getRemainingTimeInMillis());
        return RETRIES.untilDeadline(
                event.resync() != null ? "resync the catalog" : "register the objects of an" + " event",
                deadline,
                () -> catalog.handle(event));
    }
}
