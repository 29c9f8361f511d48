package dev.tributary.catalog;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Lambda entry point of the catalog: S3 object-created events (from EventBridge or S3 notifications) register
 * their objects; {@code {"resync": {"prefix": …}}} registers whatever is missing under a prefix.
 */
public class CatalogHandler implements RequestHandler<CatalogEvent, CatalogResponse> {

    @Inject
    CatalogService catalog;

    @Override
    public CatalogResponse handleRequest(CatalogEvent event, Context context) {
        return catalog.handle(event);
    }
}
