package dev.tributary.sink.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.StructLikeMap;
import org.jboss.logging.Logger;

/**
 * Keeps a table that many small commits make fast to read, without Spark: compaction, snapshot expiry and orphan
 * cleanup, in that order.
 * <ul>
 * <li><b>Compaction.</b> When a partition has more than one data file, or the table has delete files, the live rows
 * of a snapshot are written again, partition by partition, and replace every file that snapshot read (deletes
 * included), with the snapshot's sequence number: equality deletes committed meanwhile still apply to the new files,
 * so compaction runs alongside the sink. The commit carries every partition's committed offset forward.</li>
 * <li><b>Expiry.</b> Snapshots older than the retention go, with the files only they referenced; the offsets are
 * carried into a newer snapshot first, so redelivery bookkeeping never expires.</li>
 * <li><b>Orphans.</b> Files under the table's location that no snapshot or metadata references, older than the
 * orphan age (a failed invocation's files; a running one's are newer), are deleted.</li>
 * </ul>
 */
public final class IcebergMaintenance {

    private static final Logger LOG = Logger.getLogger(IcebergMaintenance.class);

    private IcebergMaintenance() {}

    /**
     * What maintenance did to a table.
     *
     * @param dataFilesBefore live data files before compaction
     * @param dataFilesAfter live data files after it
     * @param deleteFilesRemoved delete files compaction made unneeded
     * @param snapshotsExpired snapshots expired
     * @param orphansDeleted unreferenced files deleted
     */
    public record Report(
            int dataFilesBefore,
            int dataFilesAfter,
            int deleteFilesRemoved,
            int snapshotsExpired,
            int orphansDeleted) {}

    public static Report maintain(Table table, Duration snapshotRetention, Duration orphanAge, Clock clock) {
        table.refresh();
        int[] compaction = compact(table);
        table.refresh();
        carryOffsets(table);
        table.refresh();
        int expired = expire(table, snapshotRetention, clock);
        table.refresh();
        int orphans = deleteOrphans(table, orphanAge, clock);
        Report report = new Report(compaction[0], compaction[1], compaction[2], expired, orphans);
        LOG.infof("Iceberg table %s maintained: %s", table.name(), report);
        return report;
    }

    /** @return data files before and after, and delete files removed */
    static int[] compact(Table table) {
        Snapshot start = table.currentSnapshot();
        if (start == null) {
            return new int[] {0, 0, 0};
        }
        Set<DataFile> data = new HashSet<>();
        Map<String, DeleteFile> deletes = new HashMap<>();
        Map<Integer, StructLikeMap<Integer>> filesPerPartition = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                data.add(task.file());
                task.deletes().forEach(d -> deletes.put(d.location(), d));
                filesPerPartition
                        .computeIfAbsent(
                                task.file().specId(),
                                id -> StructLikeMap.create(table.specs().get(id).partitionType()))
                        .merge(task.file().partition(), 1, Integer::sum);
            }
            // Every delete file of the snapshot goes with the rewrite: the ones applied are in the new files, and the
            // rest (global deletes older than every row they could delete) apply to nothing.
            for (ManifestFile manifest : start.deleteManifests(table.io())) {
                try (CloseableIterable<DeleteFile> entries =
                        ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                    entries.forEach(d -> deletes.put(d.location(), d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot plan the compaction of " + table.name() + ": " + e.getMessage(), e);
        }
        boolean smallFiles = filesPerPartition.values().stream()
                .flatMap(m -> m.values().stream())
                .anyMatch(n -> n > 1);
        if (!smallFiles && deletes.isEmpty()) {
            return new int[] {data.size(), data.size(), 0};
        }
        List<DataFile> written = rewrite(table, start);
        RewriteFiles rewrite =
                table.newRewrite().validateFromSnapshot(start.snapshotId()).dataSequenceNumber(start.sequenceNumber());
        data.forEach(rewrite::deleteFile);
        deletes.values().forEach(rewrite::deleteFile);
        written.forEach(rewrite::addFile);
        CommittedOffsets.of(table).forEach((key, offset) -> rewrite.set(key, Long.toString(offset)));
        try {
            rewrite.commit();
        } catch (ValidationException | CommitFailedException e) {
            // A concurrent change the rewrite cannot go past: its files are dropped, and the next run tries again.
            written.forEach(f -> table.io().deleteFile(f.location()));
            LOG.infof(
                    "Iceberg table %s: compaction gave way to a concurrent change (%s)", table.name(), e.getMessage());
            return new int[] {data.size(), data.size(), 0};
        }
        return new int[] {data.size(), written.size(), deletes.size()};
    }

    /** The live rows of a snapshot, in the table's current spec, at least one file per partition. */
    private static List<DataFile> rewrite(Table table, Snapshot start) {
        PartitionSpec spec = table.spec();
        long targetSize = PropertyUtil.propertyAsLong(
                table.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime())
                .format(FileFormat.PARQUET)
                .operationId("compaction-" + UUID.randomUUID())
                .build();
        FanoutDataWriter<Record> writer = new FanoutDataWriter<>(
                new GenericFileWriterFactory.Builder(table)
                        .dataFileFormat(FileFormat.PARQUET)
                        .build(),
                files,
                table.io(),
                targetSize);
        PartitionKey partition = new PartitionKey(spec, table.schema());
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table).useSnapshot(start.snapshotId()).build()) {
            try (writer) {
                for (Record row : rows) {
                    partition.partition(wrapper.wrap(row));
                    writer.write(row, spec, partition);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact " + table.name() + ": " + e.getMessage(), e);
        }
        DataWriteResult result = writer.result();
        return result.dataFiles();
    }

    /** @return how many snapshots expired */
    static int expire(Table table, Duration retention, Clock clock) {
        long cutoff = clock.millis() - retention.toMillis();
        int before = count(table.snapshots());
        boolean expiring = false;
        for (Snapshot snapshot : table.snapshots()) {
            expiring |= snapshot.timestampMillis() < cutoff && snapshot != table.currentSnapshot();
        }
        if (!expiring) {
            return 0;
        }
        table.expireSnapshots().expireOlderThan(cutoff).retainLast(1).commit();
        table.refresh();
        return Math.max(0, before - count(table.snapshots()));
    }

    /**
     * Records every committed offset in the newest snapshot (an empty append), unless it holds them already: snapshots
     * older than it may then expire, by this maintenance or by Glue's retention optimizer, without a redelivered batch
     * losing what it committed. A commit landing meanwhile keeps its own, newer, offsets in a newer snapshot.
     *
     * @return whether a snapshot was added
     */
    static boolean carryOffsets(Table table) {
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return false;
        }
        Map<String, Long> offsets = CommittedOffsets.of(table);
        if (offsets.equals(CommittedOffsets.of(List.of(current)))) {
            return false;
        }
        AppendFiles carry = table.newAppend();
        offsets.forEach((key, offset) -> carry.set(key, Long.toString(offset)));
        carry.commit();
        return true;
    }

    /** @return how many unreferenced files were deleted */
    static int deleteOrphans(Table table, Duration age, Clock clock) {
        if (!(table.io() instanceof SupportsPrefixOperations io)) {
            return 0;
        }
        Set<String> reachable = reachable(table);
        long cutoff = clock.millis() - age.toMillis();
        List<String> orphans = new ArrayList<>();
        for (FileInfo file : io.listPrefix(table.location())) {
            if (file.createdAtMillis() < cutoff && !reachable.contains(file.location())) {
                orphans.add(file.location());
            }
        }
        orphans.forEach(io::deleteFile);
        return orphans.size();
    }

    /** Every file the table's metadata references: metadata files, manifest lists, manifests, data and deletes. */
    static Set<String> reachable(Table table) {
        Set<String> files = new HashSet<>(ReachableFileUtil.metadataFileLocations(table, true));
        String versionHint = ReachableFileUtil.versionHintLocation(table);
        if (versionHint != null) {
            files.add(versionHint);
        }
        table.statisticsFiles().forEach(s -> files.add(s.path()));
        for (Snapshot snapshot : table.snapshots()) {
            files.add(snapshot.manifestListLocation());
            for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                if (!files.add(manifest.path())) {
                    continue;
                }
                try {
                    if (manifest.content() == ManifestContent.DATA) {
                        try (CloseableIterable<DataFile> entries =
                                ManifestFiles.read(manifest, table.io(), table.specs())) {
                            entries.forEach(f -> files.add(f.location()));
                        }
                    } else {
                        try (CloseableIterable<DeleteFile> entries =
                                ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                            entries.forEach(f -> files.add(f.location()));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "Cannot read manifest " + manifest.path() + ": " + e.getMessage(), e);
                }
            }
        }
        return files;
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
