package dev.tributary.sink;

import dev.tributary.core.pipeline.SinkConfig;

/** What a record becomes whose value, after the transforms, is null (a tombstone): the sink's null-values. */
enum Tombstones {
    /** A row: its key, null data columns and __op d. */
    WRITE,
    /** Nothing; the record is counted as skipped. */
    SKIP,
    /** A dead letter, with {@link #REFUSED}. */
    REFUSE;

    static final String REFUSED = "The record has a null value (a tombstone), and null-values is fail";

    /** What a record with the value becomes in the sink; a value that is not null is always written. */
    static Tombstones of(SinkConfig sink, Object value) {
        if (value != null) {
            return WRITE;
        }
        return switch (sink.nullValues()) {
            case WRITE -> WRITE;
            case IGNORE -> SKIP;
            case FAIL -> REFUSE;
        };
    }
}
