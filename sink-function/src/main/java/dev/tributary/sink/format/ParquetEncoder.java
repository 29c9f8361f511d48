package dev.tributary.sink.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;

/**
 * Parquet objects through parquet-avro: standard three-level lists, UUIDs as Parquet's UUID type, one row group
 * per object (objects hold one batch).
 */
final class ParquetEncoder implements ObjectEncoder {

    private final CompressionCodecName codec;
    private final String extension;

    ParquetEncoder(Compression compression) {
        this.codec = switch (compression) {
            case NONE -> CompressionCodecName.UNCOMPRESSED;
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case GZIP -> CompressionCodecName.GZIP;
            case ZSTD -> CompressionCodecName.ZSTD;
        };
        this.extension = switch (compression) {
            case NONE -> "parquet";
            case SNAPPY -> "snappy.parquet";
            case GZIP -> "gz.parquet";
            case ZSTD -> "zstd.parquet";
        };
    }

    @Override
    public ObjectWriter open(RowLayout layout) {
        return new ObjectWriter() {
            private final List<GenericRecord> records = new ArrayList<>();

            @Override
            public void add(LakeRow row) {
                GenericRecord record = layout.toAvro(row);
                // Parquet's writer cannot take a record back: one it refused halfway would break the whole object.
                for (org.apache.avro.Schema.Field field : layout.avro().getFields()) {
                    if (!GenericData.get().validate(field.schema(), record.get(field.pos()))) {
                        throw new DataException("Cannot write field " + field.name() + " because its value does not"
                                + " fit its column, of Avro type " + field.schema());
                    }
                }
                records.add(record);
            }

            @Override
            public int rows() {
                return records.size();
            }

            @Override
            public byte[] finish() {
                return parquet(records, layout);
            }
        };
    }

    @Override
    public void check(LakeRow row, Set<String> dropped, boolean withMetadata) {
        String reason = RowLayout.parquetCannotHold(row.valueSchema(), row.keySchema(), dropped, withMetadata);
        if (reason != null) {
            throw new DataException("Cannot write the record as Parquet because " + reason);
        }
    }

    private byte[] parquet(List<GenericRecord> records, RowLayout layout) {
        InMemoryOutputFile file = new InMemoryOutputFile();
        PlainParquetConfiguration conf = new PlainParquetConfiguration(Map.of(
                AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false",
                AvroWriteSupport.WRITE_PARQUET_UUID, "true"));
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(layout.avro())
                .withDataModel(GenericData.get())
                .withConf(conf)
                .withCompressionCodec(codec)
                .withRowGroupSize(256L * 1024 * 1024)
                .build()) {
            for (GenericRecord record : records) {
                writer.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a Parquet object: " + e.getMessage(), e);
        }
        return file.toByteArray();
    }

    /** The Parquet codec; Parquet loads its class by name, so a native image must register it (NativeReflection). */
    CompressionCodecName codec() {
        return codec;
    }

    @Override
    public String extension() {
        return extension;
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.parquet";
    }
}
