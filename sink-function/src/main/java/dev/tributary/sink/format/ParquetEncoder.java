package dev.tributary.sink.format;

import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.ParquetFit;
import dev.tributary.sink.schema.RowLayout;
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
        // The conversion to Avro checks each value against its column (digits of a decimal, a time's range), and
        // Connect's structs hold no null in a required field; a required column left null by the conversion is the
        // one thing Parquet's writer would still refuse halfway, breaking the whole object, so that is checked here.
        List<org.apache.avro.Schema.Field> required = layout.avro().getFields().stream()
                .filter(f -> f.schema().getType() != org.apache.avro.Schema.Type.UNION)
                .toList();
        return new ObjectWriter() {
            private final List<GenericRecord> records = new ArrayList<>();

            @Override
            public void add(LakeRow row) {
                GenericRecord record = layout.toAvro(row);
                for (org.apache.avro.Schema.Field field : required) {
                    if (record.get(field.pos()) == null) {
                        throw new DataException("Cannot write field " + field.name() + " because it is null and its"
                                + " column, of Avro type " + field.schema() + ", is required");
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
        // Records of a batch share their schemas: the verdict on the last pair of schemas holds for the next record.
        Verdict last = lastVerdict.get();
        String reason;
        if (last != null
                && last.value() == row.valueSchema()
                && last.key() == row.keySchema()
                && last.withMetadata() == withMetadata
                && last.dropped().equals(dropped)) {
            reason = last.reason();
        } else {
            reason = ParquetFit.cannotHold(row.valueSchema(), row.keySchema(), dropped, withMetadata);
            lastVerdict.set(new Verdict(row.valueSchema(), row.keySchema(), Set.copyOf(dropped), withMetadata, reason));
        }
        if (reason != null) {
            throw new DataException("Cannot write the record as Parquet because " + reason);
        }
    }

    private record Verdict(
            org.apache.kafka.connect.data.Schema value,
            org.apache.kafka.connect.data.Schema key,
            Set<String> dropped,
            boolean withMetadata,
            String reason) {}

    private final ThreadLocal<Verdict> lastVerdict = new ThreadLocal<>();

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
