package dev.tributary.sink.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
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
    public byte[] encode(List<LakeRow> rows, RowLayout layout) {
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
            for (LakeRow row : rows) {
                writer.write(layout.toAvro(row));
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
