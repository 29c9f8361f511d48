package dev.tributary.catalog;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What one catalog invocation did. Lists that grow with a resync's prefix hold their first {@value #SAMPLE} entries,
 * beside the count of all.
 *
 * @param objects the first data objects it looked at (announced, or listed by a resync), as s3:// URIs
 * @param objectCount how many data objects it looked at
 * @param ignored the first objects that are not data objects of any sink (dead letters, foreign files)
 * @param ignoredCount how many objects it ignored
 * @param tablesCreated tables created, as database.table
 * @param columnsAdded columns appended or widened, as table.column
 * @param partitionsCreated partitions that did not exist before
 * @param partitionsUpdated existing partitions given the table's columns, after the table gained or widened columns
 * @param views views created or updated
 * @param problems what could not be applied and why (a type change Athena cannot read, a partition layout that
 *     differs from the table's), each once; past {@value #SAMPLE}, one last entry counts the rest
 */
@RegisterForReflection
public record CatalogResponse(
        List<String> objects,
        int objectCount,
        List<String> ignored,
        int ignoredCount,
        List<String> tablesCreated,
        List<String> columnsAdded,
        int partitionsCreated,
        int partitionsUpdated,
        List<String> views,
        List<String> problems) {

    /** How many objects, ignored keys and problems a response lists at most. */
    public static final int SAMPLE = 100;
}
