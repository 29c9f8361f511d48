package dev.tributary.sink;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What one sink invocation did.
 *
 * @param records records in the batch
 * @param written records written to data objects
 * @param deadLettered records written to the dead-letter prefix, with their reasons
 * @param filtered records a transform dropped
 * @param skipped tombstones ignored (null-values: ignore)
 * @param objects the data objects written, as s3:// URIs
 * @param maintained for a maintenance request, what it did to each Iceberg table
 */
@RegisterForReflection
public record SinkResponse(
        int records,
        int written,
        int deadLettered,
        int filtered,
        int skipped,
        List<String> objects,
        List<String> maintained) {

    /** A batch's response. */
    public SinkResponse(int records, int written, int deadLettered, int filtered, int skipped, List<String> objects) {
        this(records, written, deadLettered, filtered, skipped, objects, List.of());
    }
}
