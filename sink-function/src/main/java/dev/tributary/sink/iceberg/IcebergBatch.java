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
 * table, only the latest version of each key counts, ordered as the lake's current-state views order versions: by
 * change time at the source ({@code __source_ts}), then Kafka partition and offset; a version older than the key's
 * row in the table (a backfill's, delivered after a newer one) changes nothing. Every key the batch changes gets an
 * equality delete. Pure.
 *
 * @param rows rows to add
 * @param keys keys whose earlier rows are deleted (upsert tables)
 * @param offsets the highest offset of each Kafka partition the batch adds, by partition
 * @param skipped records already in the table, or older than the table's row of their key
 * @param latestChange the latest change time the batch holds, in epoch microseconds, or null
 */
record IcebergBatch(List<Record> rows, List<Record> keys, Map<Integer, Long> offsets, int skipped, Long latestChange) {

    /**
     * One record of the batch.
     *
     * @param partition its Kafka partition
     * @param offset its offset
     * @param changed when the row changed at the source, in epoch microseconds, or null when unknown
     * @param row the row, or null for a delete that has only a key (upsert tables)
     * @param key the row's key, as a record of the identifier fields (upsert tables), else null
     * @param delete whether the record deletes its key
     */
    record Change(int partition, long offset, Long changed, Record row, Record key, boolean delete) {

        /** Whether this version of a key comes after {@code other}, as the current-state views order versions. */
        boolean after(Change other) {
            if (changed != null && other.changed != null && !changed.equals(other.changed)) {
                return changed > other.changed;
            }
            return partition != other.partition ? partition > other.partition : offset > other.offset;
        }
    }

    boolean isEmpty() {
        return rows.isEmpty() && keys.isEmpty();
    }

    /**
     * @param committed the committed offset of each partition ({@link CommittedOffsets}); absent: none
     * @param keyStruct the identifier fields' struct, for an upsert table; null for an append table
     * @param tableChanges the change time of the table's row of each key looked up ({@link #late}), by key in
     *     Iceberg's internal representation; a key absent has no row, or was not looked up
     */
    static IcebergBatch of(
            List<Change> changes,
            Map<Integer, Long> committed,
            Types.StructType keyStruct,
            Map<StructLike, Long> tableChanges) {
        Map<Integer, Long> offsets = new TreeMap<>();
        int skipped = 0;
        Long latestChange = null;
        List<Change> fresh = new ArrayList<>();
        for (Change change : changes) {
            if (change.offset() <= committed.getOrDefault(change.partition(), -1L)) {
                skipped++;
                continue;
            }
            fresh.add(change);
            offsets.merge(change.partition(), change.offset(), Math::max);
            if (change.changed() != null && (latestChange == null || change.changed() > latestChange)) {
                latestChange = change.changed();
            }
        }
        if (keyStruct == null) {
            List<Record> rows = new ArrayList<>();
            fresh.stream().filter(c -> c.row() != null).forEach(c -> rows.add(c.row()));
            return new IcebergBatch(rows, List.of(), offsets, skipped, latestChange);
        }
        // The key's latest version. The keys are compared in Iceberg's internal representation (a date as days), as
        // the wrapper gives them.
        Map<StructLike, Change> latest = StructLikeMap.create(keyStruct);
        for (Change change : fresh) {
            latest.merge(
                    new InternalRecordWrapper(keyStruct).wrap(change.key()),
                    change,
                    (kept, next) -> next.after(kept) ? next : kept);
        }
        List<Record> rows = new ArrayList<>();
        List<Record> keys = new ArrayList<>();
        for (Map.Entry<StructLike, Change> entry : latest.entrySet()) {
            Change change = entry.getValue();
            Long inTable = tableChanges.get(entry.getKey());
            if (inTable != null && change.changed() != null && inTable > change.changed()) {
                skipped++;
                continue;
            }
            keys.add(change.key());
            if (!change.delete() && change.row() != null) {
                rows.add(change.row());
            }
        }
        return new IcebergBatch(rows, keys, offsets, skipped, latestChange);
    }

    /**
     * The keys whose change in the batch is older than the latest change the table holds ({@code tableLatest}): only
     * their rows in the table can be newer, and must be looked up.
     */
    static List<Record> late(List<Change> changes, Long tableLatest) {
        List<Record> late = new ArrayList<>();
        if (tableLatest == null) {
            return late;
        }
        for (Change change : changes) {
            if (change.key() != null && change.changed() != null && change.changed() < tableLatest) {
                late.add(change.key());
            }
        }
        return late;
    }
}
