package dev.tributary.poller.source;

import java.util.Optional;

import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.capture.CaptureSpec;
import dev.tributary.poller.schema.RowMapper;

/**
 * One relation of a source, resolved against the database: what to read, how rows become records, where they go,
 * and under which key its high-water mark is kept.
 *
 * @param source the source it belongs to
 * @param table the table, for table sources
 * @param topic the topic its records go to (before transforms that route)
 * @param markKey the key of its high-water mark in the state table
 * @param spec what each poll reads
 * @param mapper how rows become record keys and values
 * @param orderIndexes result-set indexes of the order columns, to read each row's position
 * @param changeTimeZoned whether the change time is a timestamptz (else a timestamp, or none)
 */
public record CaptureTarget(SourceConfig source, Optional<TableName> table, String topic, String markKey,
        CaptureSpec spec, RowMapper mapper, int[] orderIndexes, boolean changeTimeZoned) {

    /** {@code public.address}, or {@code query}: how summaries and messages name the relation. */
    public String label() {
        return table.map(TableName::toString).orElse("query");
    }
}
