package dev.tributary.sink.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingEqualityDeleteWriter;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The files of one batch: Parquet data files in the table's partitions and, for an upsert table, one equality delete
 * per key the batch holds. The equality deletes are written in the table's unpartitioned spec, which makes them
 * global: they remove the key's earlier row wherever it is, also when its partition values changed (an address that
 * moved country) or when the batch only has its key (a tombstone). A row written in the same commit has the delete's
 * sequence number and is not removed by it. The batch is the latest version per key already ({@link IcebergBatch}), so
 * no position deletes are needed.
 */
final class IcebergFiles {

    private IcebergFiles() {}

    /**
     * @param rows rows to add, at most one per key in an upsert table
     * @param deletedKeys for an upsert table, every key the batch holds (its rows' and its deletes'), as records of the
     *     table's identifier fields
     */
    static Written write(Table table, List<Record> rows, List<Record> deletedKeys) {
        Schema schema = table.schema();
        long targetSize = PropertyUtil.propertyAsLong(
                table.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        GenericFileWriterFactory.Builder builder = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .deleteFileFormat(FileFormat.PARQUET);
        Schema keySchema = null;
        if (!deletedKeys.isEmpty()) {
            keySchema = TypeUtil.select(schema, schema.identifierFieldIds());
            builder.equalityFieldIds(schema.identifierFieldIds().stream()
                            .mapToInt(Integer::intValue)
                            .toArray())
                    .equalityDeleteRowSchema(keySchema);
        }
        FileWriterFactory<Record> factory = builder.build();
        OutputFileFactory files = OutputFileFactory.builderFor(table, 0, System.nanoTime())
                .format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString())
                .build();
        List<DataFile> data = new ArrayList<>();
        List<DeleteFile> deletes = new ArrayList<>();
        try {
            if (!deletedKeys.isEmpty()) {
                RollingEqualityDeleteWriter<Record> writer = new RollingEqualityDeleteWriter<>(
                        factory, files, table.io(), targetSize, unpartitioned(table), null);
                try (writer) {
                    deletedKeys.forEach(writer::write);
                }
                DeleteWriteResult result = writer.result();
                deletes.addAll(result.deleteFiles());
            }
            if (!rows.isEmpty()) {
                PartitionSpec spec = table.spec();
                PartitionKey partition = new PartitionKey(spec, schema);
                InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
                FanoutDataWriter<Record> writer = new FanoutDataWriter<>(factory, files, table.io(), targetSize);
                try (writer) {
                    for (Record row : rows) {
                        partition.partition(wrapper.wrap(row));
                        writer.write(row, spec, partition);
                    }
                }
                DataWriteResult result = writer.result();
                data.addAll(result.dataFiles());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the files of a batch to Iceberg table " + table.name() + ": " + e.getMessage(), e);
        }
        return new Written(data, deletes, keySchema);
    }

    /** The key of a row, as a record of the identifier fields. */
    static Record keyOf(Record row, Schema keySchema) {
        GenericRecord key = GenericRecord.create(keySchema);
        for (Types.NestedField field : keySchema.columns()) {
            key.setField(field.name(), row.getField(field.name()));
        }
        return key;
    }

    /** The table's unpartitioned spec, which {@link IcebergTables} gives every upsert table. */
    static PartitionSpec unpartitioned(Table table) {
        return table.specs().values().stream()
                .filter(PartitionSpec::isUnpartitioned)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Cannot write global equality deletes to Iceberg table "
                        + table.name() + " because it has no unpartitioned spec; it was not created by Tributary"
                        + " as an upsert table"));
    }

    /** The files written, and the key schema of the deletes (null without deletes). */
    record Written(List<DataFile> data, List<DeleteFile> deletes, Schema keySchema) {

        boolean isEmpty() {
            return data.isEmpty() && deletes.isEmpty();
        }
    }
}
