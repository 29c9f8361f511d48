package dev.tributary.sink.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;

/**
 * What one batch of a topic adds to its table, after what the table holds already is taken out: records at or below
 * a partition's committed offset are skipped (a redelivered batch, identical or with other boundaries). In an upsert
 * table, only the latest version of each key counts (records come in offset order per partition, and a key is in one
 * partition), and every key of the batch gets an equality delete. Pure.
 *
 * @param rows rows to add
 * @param keys keys whose earlier rows are deleted (upsert tables)
 * @param offsets the highest offset of each Kafka partition the batch adds, by partition
 * @param skipped records already in the table
 */
record IcebergBatch(List<Record> rows, List<Record> keys, Map<Integer, Long> offsets, int skipped) {

    /**
     * One record of the batch.
     *
     * @param partition its Kafka partition
     * @param offset its offset
     * @param row the row, or null for a delete that has only a key (upsert tables)
     * @param key the row's key, as a record of the identifier fields (upsert tables), else null
     * @param delete whether the record deletes its key
     */
    record Change(int partition, long offset, Record row, Record key, boolean delete) {
    }

    boolean isEmpty() {
        return rows.isEmpty() && keys.isEmpty();
    }

    /**
     * @param committed the committed offset of each partition ({@link CommittedOffsets}); absent: none
     * @param keyStruct the identifier fields' struct, for an upsert table; null for an append table
     */
    static IcebergBatch of(List<Change> changes, Map<Integer, Long> committed, Types.StructType keyStruct) {
        Map<Integer, Long> offsets = new TreeMap<>();
        int skipped = 0;
        List<Change> fresh = new ArrayList<>();
        for (Change change : changes) {
            if (change.offset() <= committed.getOrDefault(change.partition(), -1L)) {
                skipped++;
                continue;
            }
            fresh.add(change);
            offsets.merge(change.partition(), change.offset(), Math::max);
        }
        if (keyStruct == null) {
            List<Record> rows = new ArrayList<>();
            fresh.stream().filter(c -> c.row() != null).forEach(c -> rows.add(c.row()));
            return new IcebergBatch(rows, List.of(), offsets, skipped);
        }
        // The key's latest version: later records of a partition come later in the batch. The keys are compared in
        // Iceberg's internal representation (a date as days), as the wrapper gives them.
        Map<StructLike, Change> latest = StructLikeMap.create(keyStruct);
        for (Change change : fresh) {
            latest.put(new InternalRecordWrapper(keyStruct).wrap(change.key()), change);
        }
        List<Record> rows = new ArrayList<>();
        List<Record> keys = new ArrayList<>();
        for (Change change : latest.values()) {
            keys.add(change.key());
            if (!change.delete() && change.row() != null) {
                rows.add(change.row());
            }
        }
        return new IcebergBatch(rows, keys, offsets, skipped);
    }
}
