package dev.tributary.sink.iceberg;

import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.jboss.logging.Logger;

/**
 * Adds one batch of a topic to its Iceberg table, exactly once. Records at or below a partition's committed offset
 * are skipped; the commit records the highest offset it adds for each partition of the batch
 * ({@link CommittedOffsets}) and is valid only if no other commit recorded any of those partitions since the batch
 * was read, checked by Iceberg on every retry of the commit. Concurrent invocations for other partitions commit
 * alongside, Iceberg retrying on Glue's version conflicts. A batch that lost to a concurrent commit of the same
 * offsets (a redelivery racing the original) deletes its files and tries again with what is left, which is nothing if
 * the other commit held all of it.
 */
public final class IcebergTableSink {

    private static final Logger LOG = Logger.getLogger(IcebergTableSink.class);
    /** Rounds of read, write and commit before the invocation fails and the batch is delivered again. */
    static final int ATTEMPTS = 5;

    private IcebergTableSink() {}

    /**
     * What a batch did.
     *
     * @param records the batch's records applied: added as rows, or deleting their key
     * @param rows rows added
     * @param keys keys whose earlier rows were deleted (upsert tables)
     * @param skipped records the table held already
     * @param snapshotId the snapshot that added them, or -1 when the table held everything
     */
    public record Outcome(int records, int rows, int keys, int skipped, long snapshotId) {}

    /**
     * Adds the rows of one topic's batch, laid out as the sink lays out objects.
     *
     * @throws org.apache.kafka.connect.errors.DataException if an upsert table's key is missing from a row
     */
    public static Outcome write(Table table, String topic, List<LakeRow> rows, RowLayout layout) {
        List<IcebergBatch.Change> changes = new ArrayList<>(rows.size());
        rows.forEach(row -> changes.add(IcebergChanges.of(row, layout, table.schema())));
        return write(table, topic, changes);
    }

    /**
     * @param changes the batch's records of one topic, in offset order per partition
     * @throws PipelineFailure retriable, when concurrent commits kept winning or the commit's state is unknown
     */
    static Outcome write(Table table, String topic, List<IcebergBatch.Change> changes) {
        Set<Integer> partitions = new TreeSet<>();
        changes.forEach(c -> partitions.add(c.partition()));
        Types.StructType keyStruct = table.schema().identifierFieldIds().isEmpty()
                ? null
                : TypeUtil.select(table.schema(), table.schema().identifierFieldIds())
                        .asStruct();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            table.refresh();
            Snapshot base = table.currentSnapshot();
            Map<String, Long> recorded = CommittedOffsets.of(table);
            Map<Integer, Long> committed = new HashMap<>();
            partitions.forEach(p -> committed.put(p, recorded.getOrDefault(CommittedOffsets.key(topic, p), -1L)));
            Long tableLatest = recorded.get(CommittedOffsets.changeKey(topic));
            List<Record> late = keyStruct == null ? List.of() : IcebergBatch.late(changes, tableLatest);
            IcebergBatch batch = IcebergBatch.of(
                    changes,
                    committed,
                    keyStruct,
                    late.isEmpty() ? Map.of() : TableChanges.of(table, base, keyStruct, late));
            if (batch.isEmpty()) {
                return new Outcome(0, 0, 0, batch.skipped(), -1);
            }
            IcebergFiles.Written files = IcebergFiles.write(table, batch.rows(), batch.keys());
            SnapshotUpdate<?> update = update(table, files, base);
            batch.offsets().forEach((p, offset) -> update.set(CommittedOffsets.key(topic, p), Long.toString(offset)));
            if (batch.latestChange() != null && (tableLatest == null || batch.latestChange() > tableLatest)) {
                update.set(CommittedOffsets.changeKey(topic), Long.toString(batch.latestChange()));
            }
            validateOffsets(update, topic, committed, batch.offsets().keySet());
            try {
                update.commit();
                table.refresh();
                return new Outcome(
                        changes.size() - batch.skipped(),
                        batch.rows().size(),
                        batch.keys().size(),
                        batch.skipped(),
                        table.currentSnapshot().snapshotId());
            } catch (ValidationException e) {
                // Another commit added some of these offsets since the batch was read: ours added nothing.
                LOG.infof(
                        "Iceberg table %s: %s; trying the batch again with what is not committed yet",
                        table.name(), e.getMessage());
                delete(table, files);
            } catch (CommitStateUnknownException e) {
                // The commit may have landed: the offsets will say so on the next round. Its files stay, for
                // maintenance's orphan cleanup if it did not.
                LOG.warnf(
                        "Iceberg table %s: the commit's outcome is unknown (%s); reading the table again",
                        table.name(), e.getMessage());
            }
        }
        throw PipelineFailure.retriable(
                "Cannot commit to Iceberg table " + table.name() + " because concurrent"
                        + " commits of the same offsets won " + ATTEMPTS + " times; the batch is delivered again",
                null);
    }

    private static SnapshotUpdate<?> update(Table table, IcebergFiles.Written files, Snapshot base) {
        if (files.deletes().isEmpty()) {
            AppendFiles append = table.newAppend();
            files.data().forEach(append::appendFile);
            return append;
        }
        RowDelta delta = table.newRowDelta();
        if (base != null) {
            delta.validateFromSnapshot(base.snapshotId());
        }
        files.data().forEach(delta::addRows);
        files.deletes().forEach(delta::addDeletes);
        return delta;
    }

    /** The commit holds only if the batch's partitions still have the offsets the batch was read at. */
    private static void validateOffsets(
            SnapshotUpdate<?> update, String topic, Map<Integer, Long> committed, Set<Integer> partitions) {
        SnapshotAncestryValidator validator = new SnapshotAncestryValidator() {
            private String moved = "";

            @Override
            public boolean validate(Iterable<Snapshot> ancestry) {
                Map<String, Long> now = CommittedOffsets.of(ancestry);
                for (int partition : partitions) {
                    long current = now.getOrDefault(CommittedOffsets.key(topic, partition), -1L);
                    if (current != committed.get(partition)) {
                        moved = "partition " + partition + " of " + topic + " was committed up to offset " + current
                                + " since the batch read " + committed.get(partition);
                        return false;
                    }
                }
                return true;
            }

            @Override
            public String errorMessage() {
                return moved;
            }
        };
        if (update instanceof AppendFiles append) {
            append.validateWith(validator);
        } else {
            ((RowDelta) update).validateWith(validator);
        }
    }

    private static void delete(Table table, IcebergFiles.Written files) {
        for (ContentFile<?> file : files.data()) {
            table.io().deleteFile(file.location());
        }
        for (ContentFile<?> file : files.deletes()) {
            table.io().deleteFile(file.location());
        }
    }
}
