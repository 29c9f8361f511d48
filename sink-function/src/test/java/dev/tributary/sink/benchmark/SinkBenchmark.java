package dev.tributary.sink.benchmark;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.core.record.SemanticTypes;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.sink.LocalLake;
import dev.tributary.sink.SinkResponse;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.format.MemoryOutputFile;
import dev.tributary.sink.storage.S3LakeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jboss.logmanager.LogContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sink throughput on 1,000,000 Pagila-shaped address records in the poller's format, per codec, beside raw
 * parquet-avro encoding of the same rows in the same JVM, and the size of Parquet against JSON. Not a test: run with
 * {@code ./mvnw -B -q -pl sink-function exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx2g -cp %classpath dev.tributary.sink.benchmark.SinkBenchmark 1000000"}.
 */
public final class SinkBenchmark {

    static final Schema KEY =
            SchemaBuilder.struct().field("address_id", Schema.INT32_SCHEMA).build();
    /** A Pagila address as the poller writes it. */
    public static final Schema ROW = SchemaBuilder.struct()
            .name("address")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("address2", Schema.OPTIONAL_STRING_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("city_id", Schema.INT32_SCHEMA)
            .field("postal_code", Schema.OPTIONAL_STRING_SCHEMA)
            .field("phone", Schema.STRING_SCHEMA)
            .field(
                    "last_update",
                    SchemaBuilder.string()
                            .name(SemanticTypes.ZONED_TIMESTAMP)
                            .version(1)
                            .build())
            .build();

    private static final String[] STREETS = {"MySakila Drive", "Workhaven Lane", "Zürich Place", "Hanoi Way"};
    private static final String[] DISTRICTS = {"Alberta", "QLD", "Texas", "Île-de-France"};
    private static final int BATCH = 10_000;
    private static final int PARTITIONS = 10;

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<List<InputRecord>> batches = batches(count);
        long inputBytes = batches.stream()
                .flatMap(List::stream)
                .mapToLong(r -> r.value().length)
                .sum();
        System.out.printf(
                "%,d records in batches of %,d over %d partitions, %.1f MB of JsonConverter values%n",
                count, BATCH, PARTITIONS, inputBytes / 1e6);
        Path lake = Files.createTempDirectory("sink-benchmark-lake");
        try (LocalStack stack = LocalStack.builder().s3Directory(lake).build()) {
            AwsEndpoint endpoint = stack.s3();
            try (S3Client s3 = LocalLake.client(endpoint)) {
                s3.createBucket(b -> b.bucket("bench"));
                for (String format : List.of("json", "json-gzip")) {
                    run(
                            s3,
                            batches,
                            inputBytes,
                            format,
                            "format: json\n    compression: " + (format.equals("json") ? "none" : "gzip"),
                            null);
                }
                for (String codec : List.of("none", "snappy", "gzip", "zstd")) {
                    double raw = raw(batches, codec);
                    run(s3, batches, inputBytes, "parquet " + codec, "format: parquet\n    compression: " + codec, raw);
                    if (System.getProperty("no-upload") != null) {
                        run(
                                null,
                                batches,
                                inputBytes,
                                "parquet " + codec + " no-upload",
                                "format: parquet\n    compression: " + codec,
                                raw);
                    }
                }
            }
        }
    }

    /** A pipeline of one sink of the address topic, with these settings, writing under a directory named after it. */
    static String pipelineYaml(String label, String settings) {
        return """
                sinks:
                  - name: bench
                    topics: pagila.public.address
                    bucket: bench
                    topics-dir: %s
                    %s
                """.formatted(label.replace(' ', '-'), settings);
    }

    private static void run(
            S3Client s3, List<List<InputRecord>> batches, long inputBytes, String label, String settings, Double raw) {
        SinkService sink = new SinkService(
                PipelineParser.parse(pipelineYaml(label, settings), "bench.yaml", Map.of()),
                s3 == null ? (location, content, type, metadata) -> {} : new S3LakeStore(s3));
        process(sink, batches.subList(0, Math.min(10, batches.size())));
        long objectBytes = 0;
        long start = System.nanoTime();
        long written = 0;
        for (List<InputRecord> batch : batches) {
            SinkResponse response = sink.process(batch);
            written += response.written();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (s3 != null) {
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket("bench").prefix(label.replace(' ', '-') + "/"))
                    .contents()) {
                objectBytes += object.size();
            }
        }
        System.out.printf(
                "sink %-14s %,9.0f records/s  %6.1f MB/s in  objects %6.1f MB%s%n",
                label,
                written / seconds,
                inputBytes / seconds / 1e6,
                objectBytes / 1e6 / 2,
                raw == null
                        ? ""
                        : String.format(
                                "   raw parquet-avro %,9.0f rows/s -> sink at %.0f%%",
                                raw, 100 * (written / seconds) / raw));
    }

    private static void process(SinkService sink, List<List<InputRecord>> batches) {
        batches.forEach(sink::process);
    }

    /**
     * Raw parquet-avro: the very rows the sink writes (same columns, metadata and key included), decoded and
     * converted to Avro records beforehand, encoded to memory in the sink's objects (one per batch and partition).
     */
    private static double raw(List<List<InputRecord>> batches, String codec) throws IOException {
        dev.tributary.sink.decode.ConnectJsonReader reader = new dev.tributary.sink.decode.ConnectJsonReader();
        dev.tributary.sink.schema.RowLayout layout = null;
        List<List<GenericRecord>> files = new ArrayList<>();
        int count = 0;
        for (List<InputRecord> batch : batches) {
            Map<Integer, List<GenericRecord>> byPartition = new TreeMap<>();
            for (InputRecord record : batch) {
                SchemaAndValue key = reader.read(record.key());
                SchemaAndValue value = reader.read(record.value());
                if (layout == null) {
                    layout =
                            dev.tributary.sink.schema.RowLayout.of(value.schema(), key.schema(), Set.of(), true, false);
                }
                byPartition
                        .computeIfAbsent(record.topicPartition().partition(), p -> new ArrayList<>())
                        .add(layout.toAvro(new dev.tributary.sink.schema.LakeRow(
                                key.schema(),
                                key.value(),
                                value.schema(),
                                value.value(),
                                record.topicPartition().topic(),
                                record.topicPartition().partition(),
                                record.offset(),
                                record.timestamp(),
                                null)));
                count++;
            }
            files.addAll(byPartition.values());
        }
        CompressionCodecName name = switch (codec) {
            case "none" -> CompressionCodecName.UNCOMPRESSED;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "gzip" -> CompressionCodecName.GZIP;
            default -> CompressionCodecName.ZSTD;
        };
        org.apache.avro.Schema schema = layout.avro();
        for (List<GenericRecord> file : files.subList(0, Math.min(100, files.size()))) {
            encode(file, schema, name);
        }
        long start = System.nanoTime();
        for (List<GenericRecord> file : files) {
            encode(file, schema, name);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void encode(List<GenericRecord> rows, org.apache.avro.Schema schema, CompressionCodecName codec)
            throws IOException {
        MemoryFile file = new MemoryFile();
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration(Map.of(
                        "parquet.avro.write-old-list-structure", "false", "parquet.avro.write-parquet-uuid", "true")))
                .withCompressionCodec(codec)
                .build()) {
            for (GenericRecord row : rows) {
                writer.write(row);
            }
        }
    }

    static List<List<InputRecord>> batches(int count) {
        ConnectJsonWriter writer = new ConnectJsonWriter();
        List<List<InputRecord>> batches = new ArrayList<>();
        List<InputRecord> batch = new ArrayList<>();
        long[] offsets = new long[PARTITIONS];
        for (int i = 0; i < count; i++) {
            Struct row = new Struct(ROW)
                    .put("address_id", i)
                    .put("address", i + " " + STREETS[i % 4])
                    .put("address2", i % 7 == 0 ? "" : null)
                    .put("district", DISTRICTS[i % 4])
                    .put("city_id", 1 + i % 600)
                    .put("postal_code", String.format("%05d", i % 100_000))
                    .put("phone", Long.toString(10_000_000_000L + i))
                    .put("last_update", "2026-11-25T10:00:00.123456Z");
            int partition = i % PARTITIONS;
            batch.add(new InputRecord(
                    new TopicPartition("pagila.public.address", partition),
                    offsets[partition]++,
                    1_764_064_800_000L,
                    writer.write(KEY, new Struct(KEY).put("address_id", i)),
                    writer.write(ROW, row),
                    List.of()));
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** An in-memory Parquet output file that keeps only the size. */
    private static final class MemoryFile extends MemoryOutputFile {
        private long size;

        @Override
        protected long position() {
            return size;
        }

        @Override
        protected void write(int b) {
            size++;
        }

        @Override
        protected void write(byte[] b, int off, int len) {
            size += len;
        }

        @Override
        protected void reset() {
            size = 0;
        }
    }
}
