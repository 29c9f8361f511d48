package dev.tributary.sink;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.sink.decode.ConnectJsonReader;
import dev.tributary.sink.decode.SinkRecords;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.DeleteRecords;
import dev.tributary.sink.schema.LakeRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Places the records of a chunk of a batch: decodes each once, and for each sink that takes its topic applies the
 * transforms, the sink's null-values, its partitioner and the checks a record must pass alone (S3's key length, what
 * the format can hold). A record that fails goes to that sink's dead letters; a record of a topic no sink takes is
 * set apart. Safe to call from several threads at once.
 */
final class Placement {

    private static final ThreadLocal<ConnectJsonReader> READERS = ThreadLocal.withInitial(ConnectJsonReader::new);

    private final PipelineConfig pipeline;
    private final Map<String, SinkParts> sinks;

    /** @param sinks the pipeline's sinks by name */
    Placement(PipelineConfig pipeline, Map<String, SinkParts> sinks) {
        this.pipeline = pipeline;
        this.sinks = sinks;
    }

    /** A row on its way to its object group. */
    record GroupedRow(ObjectGroup group, Pending pending) {}

    /**
     * What placing records did.
     *
     * @param rows the rows placed, in the records' order
     * @param dead the records sinks refused
     * @param noSink the records of topics no sink takes
     * @param filtered records a transform dropped
     * @param skipped tombstones ignored
     */
    record Placed(List<GroupedRow> rows, List<DeadLetter> dead, List<InputRecord> noSink, int filtered, int skipped) {}

    Placed place(List<InputRecord> records) {
        Map<String, TransformChain<SinkRecord>> chains = new HashMap<>();
        try {
            return place(records, chains);
        } finally {
            chains.forEach((sink, chain) -> sinks.get(sink).transforms.release(chain));
        }
    }

    private Placed place(List<InputRecord> records, Map<String, TransformChain<SinkRecord>> chains) {
        ConnectJsonReader reader = READERS.get();
        List<GroupedRow> rows = new ArrayList<>(records.size());
        List<DeadLetter> dead = new ArrayList<>();
        List<InputRecord> noSink = new ArrayList<>();
        int filtered = 0;
        int skipped = 0;
        ObjectKeyLimit keyLimit = new ObjectKeyLimit();
        for (InputRecord record : records) {
            List<SinkConfig> takers = pipeline.sinksFor(record.topicPartition().topic());
            if (takers.isEmpty()) {
                noSink.add(record);
                continue;
            }
            SinkRecord sinkRecord;
            try {
                sinkRecord = SinkRecords.decode(reader, record);
            } catch (RuntimeException e) {
                takers.forEach(sink -> dead.add(DeadLetter.of(sink, record, e)));
                continue;
            }
            for (SinkConfig sink : takers) {
                SinkParts parts = sinks.get(sink.name());
                try {
                    SinkRecord transformed = parts.transforms.isEmpty()
                            ? sinkRecord
                            : chains.computeIfAbsent(sink.name(), name -> parts.transforms.borrow())
                                    .apply(sinkRecord);
                    if (transformed == null) {
                        filtered++;
                        continue;
                    }
                    Tombstones tombstone = Tombstones.of(parts.config, transformed.value());
                    if (tombstone == Tombstones.SKIP) {
                        skipped++;
                        continue;
                    }
                    if (tombstone == Tombstones.REFUSE) {
                        dead.add(DeadLetter.of(parts.config, record, Tombstones.REFUSED));
                        continue;
                    }
                    LakeRow row = row(transformed, record);
                    String path = parts.partitioner.path(row);
                    if (!parts.isTable()) {
                        keyLimit.require(parts, row, path);
                    }
                    parts.encoder.check(row, parts.dropped, parts.config.metadataColumns());
                    rows.add(new GroupedRow(
                            new ObjectGroup(parts, row.topic(), row.partition(), path), new Pending(row, record)));
                } catch (RuntimeException e) {
                    dead.add(DeadLetter.of(parts.config, record, e));
                }
            }
        }
        return new Placed(rows, dead, noSink, filtered, skipped);
    }

    /** The transformed record as the lake stores it; where it came from is the record as delivered. */
    private static LakeRow row(SinkRecord transformed, InputRecord record) {
        return new LakeRow(
                transformed.keySchema(),
                transformed.key(),
                transformed.valueSchema(),
                transformed.value(),
                transformed.topic(),
                record.topicPartition().partition(),
                record.offset(),
                record.timestamp(),
                SinkRecords.sourceTime(transformed),
                DeleteRecords.isDelete(transformed));
    }
}
