package dev.tributary.sink;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What one sink invocation did.
 *
 * @param records records in the batch
 * @param written records written to data objects
 * @param deadLettered records written to a sink's dead-letter prefix, with their reasons (once per sink that refused
 *     them)
 * @param noSink records of topics no sink takes, written to {@code <dead-letter-prefix>/no-sink/} with that reason
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
        int noSink,
        int filtered,
        int skipped,
        List<String> objects,
        List<String> maintained) {

    /** A batch's response. */
    public SinkResponse(
            int records, int written, int deadLettered, int noSink, int filtered, int skipped, List<String> objects) {
        this(records, written, deadLettered, noSink, filtered, skipped, objects, List.of());
    }

    /** A maintenance request's response. */
    public static SinkResponse maintained(List<String> maintained) {
        return new SinkResponse(0, 0, 0, 0, 0, 0, List.of(), maintained);
    }
}
