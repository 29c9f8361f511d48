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

    /** The summary property prefix of offsets. */
    static final String PREFIX = "tributary.offset.";
    /** The summary property prefix of the latest change time at the source a topic's commits hold. */
    static final String CHANGE_PREFIX = "tributary.source-time.";

    private CommittedOffsets() {}

    static String key(String topic, int partition) {
        return PREFIX + topic + "." + partition;
    }

    /** The summary key of the latest change time (epoch microseconds) of a topic's records in the table. */
    static String changeKey(String topic) {
        return CHANGE_PREFIX + topic;
    }

    /** Every recorded offset and change time in the ancestry, by summary key: the greatest of each. */
    static Map<String, Long> of(Iterable<Snapshot> ancestry) {
        Map<String, Long> offsets = new HashMap<>();
        for (Snapshot snapshot : ancestry) {
            snapshot.summary().forEach((key, value) -> {
                if (key.startsWith(PREFIX) || key.startsWith(CHANGE_PREFIX)) {
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
