package dev.tributary.sink.iceberg;

import java.util.HashMap;
import java.util.Map;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The Kafka offsets an Iceberg table holds, from its snapshots' summaries: each commit records, for each partition of
 * its topic it wrote, the highest offset it holds ({@code tributary.offset.<topic>.<partition>}). Only a committer's
 * own partitions are recorded, so a commit retried on a newer base never carries another partition's offset back.
 * The committed offset of a partition is the greatest recorded in the current snapshot's ancestry: snapshots expire
 * only after the maintenance commit that carries every partition's offset forward.
 */
public final class CommittedOffsets {

    /** The summary property prefix. */
    static final String PREFIX = "tributary.offset.";

    private CommittedOffsets() {
    }

    static String key(String topic, int partition) {
        return PREFIX + topic + "." + partition;
    }

    /** Every recorded offset in the ancestry, by summary key: the greatest of each. */
    static Map<String, Long> of(Iterable<Snapshot> ancestry) {
        Map<String, Long> offsets = new HashMap<>();
        for (Snapshot snapshot : ancestry) {
            snapshot.summary().forEach((key, value) -> {
                if (key.startsWith(PREFIX)) {
                    offsets.merge(key, Long.parseLong(value), Math::max);
                }
            });
        }
        return offsets;
    }

    /** Every recorded offset of the table's current snapshot's ancestry. */
    static Map<String, Long> of(Table table) {
        Snapshot current = table.currentSnapshot();
        return current == null ? Map.of() : of(SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot));
    }

    /** The highest committed offset of a topic partition, or -1 when the table holds none of it. */
    public static long of(Table table, String topic, int partition) {
        return of(table).getOrDefault(key(topic, partition), -1L);
    }
}
