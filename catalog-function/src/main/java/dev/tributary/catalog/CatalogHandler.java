package dev.tributary.catalog;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.tributary.core.storage.S3Location;

/** Lambda entry point of the catalog: receives S3 object-created events or a resync request. */
public class CatalogHandler implements RequestHandler<CatalogEvent, CatalogResponse> {

    @Override
    public CatalogResponse handleRequest(CatalogEvent event, Context context) {
        return new CatalogResponse(event.createdObjects().stream().map(S3Location::toString).toList());
    }
}
