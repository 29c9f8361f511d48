package dev.tributary.sink.benchmark;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.sink.LocalLake;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.storage.S3LakeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.Namespace;
import org.jboss.logmanager.LogContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records/s into an Iceberg upsert table (keyed by address_id, zstd) beside the Parquet sink (zstd) on the same
 * Pagila-shaped records, through the sink's whole path, on the local stack (its Glue endpoint and S3 server); and
 * the latency of each invocation (one batch, one commit), p50 and p99. Not a test: run with
 * {@code ./mvnw -B -q -pl sink-function exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx2g -cp %classpath dev.tributary.sink.benchmark.IcebergBenchmark 1000000"}.
 */
public final class IcebergBenchmark {

    private IcebergBenchmark() {}

    public static void main(String[] args) throws Exception {
        LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<List<InputRecord>> batches = SinkBenchmark.batches(count);
        System.out.printf("%,d records in %,d batches (one invocation each)%n", count, batches.size());
        Path lake = Files.createTempDirectory("iceberg-benchmark-lake");
        try (LocalStack stack = LocalStack.builder().s3Directory(lake).build()) {
            AwsEndpoint endpoint = stack.s3();
            Map<String, String> catalog = stack.icebergProperties();
            try (S3Client s3 = LocalLake.client(endpoint);
                    GlueCatalog glue = new GlueCatalog()) {
                s3.createBucket(b -> b.bucket("bench"));
                Map<String, String> init = new HashMap<>(catalog);
                init.put("warehouse", "s3://bench/iceberg");
                glue.initialize("bench", init);
                glue.createNamespace(Namespace.of("bench"));
                run(s3, catalog, batches, "parquet zstd", "format: parquet\n    compression: zstd");
                run(
                        s3,
                        catalog,
                        batches,
                        "iceberg upsert",
                        "format: iceberg\n    iceberg: {mode: upsert," + " key-fields: address_id}");
                run(s3, catalog, batches, "iceberg append", "format: iceberg\n    table-name: ${topic}_history");
            }
        }
    }

    private static void run(
            S3Client s3, Map<String, String> catalog, List<List<InputRecord>> batches, String label, String settings) {
        try (SinkService sink = new SinkService(
                PipelineParser.parse(
                        SinkBenchmark.pipelineYaml(label, settings) + "catalog:\n  database: bench\n",
                        "bench.yaml",
                        Map.of()),
                new S3LakeStore(s3),
                catalog)) {
            List<Long> latencies = new ArrayList<>();
            long written = 0;
            long start = System.nanoTime();
            for (List<InputRecord> batch : batches) {
                long begin = System.nanoTime();
                written += sink.process(batch).written();
                latencies.add(System.nanoTime() - begin);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Collections.sort(latencies);
            System.out.printf(
                    "sink %-15s %,9.0f records/s  invocation p50 %,6.0f ms  p99 %,6.0f ms%n",
                    label,
                    written / seconds,
                    latencies.get(latencies.size() / 2) / 1e6,
                    latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)) / 1e6);
        }
    }
}
