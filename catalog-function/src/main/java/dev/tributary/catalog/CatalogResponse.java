package dev.tributary.catalog;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one catalog invocation did.
 *
 * @param objects the objects the invocation looked at, as {@code s3://} URIs
 */
@RegisterForReflection
public record CatalogResponse(List<String> objects) {
}
