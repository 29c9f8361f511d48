package dev.tributary.catalog;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one catalog invocation did.
 *
 * @param objects the data objects it looked at, as s3:// URIs
 * @param ignored objects that are not data objects of any sink (dead letters, foreign files)
 * @param tablesCreated tables created, as database.table
 * @param columnsAdded columns appended or widened, as table.column
 * @param partitionsCreated partitions that did not exist before
 * @param views views created or updated
 * @param problems what could not be applied and why (a type change Athena cannot read, a partition layout that
 *     differs from the table's)
 */
@RegisterForReflection
public record CatalogResponse(List<String> objects, List<String> ignored, List<String> tablesCreated,
        List<String> columnsAdded, int partitionsCreated, List<String> views, List<String> problems) {
}
