package dev.tributary.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.storage.S3LakeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A bucket of its own on the shared local S3 server, with the sink writing to it and DuckDB reading it back. */
public final class LocalLake implements AutoCloseable {

    final String bucket;
    final S3Client s3;
    final Path directory;
    private final ConnectJsonWriter writer = new ConnectJsonWriter();

    LocalLake(String name) {
        LocalStack stack = LocalStack.shared();
        this.bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.s3 = client(stack.s3());
        s3.createBucket(b -> b.bucket(bucket));
        this.directory = stack.s3Directory().orElseThrow().resolve(bucket);
    }

    /** A client of the local S3 server, as the sink and the benchmarks use it. */
    public static S3Client client(AwsEndpoint endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.of(endpoint.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey())))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    PipelineConfig pipeline(String sinks) {
        return Sinks.pipeline(sinks.replace("${bucket}", bucket));
    }

    SinkService sink(String sinks) {
        return new SinkService(pipeline(sinks), new S3LakeStore(s3));
    }

    /** A sink of every default (Parquet, snappy, partition=<n>) named after the one topic it takes. */
    SinkService sinkTaking(String topic) {
        return sink("""
                  - name: %1$s
                    topics: %1$s
                    bucket: ${bucket}
                """.formatted(topic));
    }

    /** A record as the event source mapping delivers it, its key and value in JsonConverter's format. */
    InputRecord record(
            String topic, int partition, long offset, Schema keySchema, Object key, Schema valueSchema, Object value) {
        return new InputRecord(
                new TopicPartition(topic, partition),
                offset,
                1_764_064_800_000L + offset,
                key == null ? null : writer.write(keySchema, key),
                value == null ? null : writer.write(valueSchema, value),
                List.of());
    }

    /** A record without a key in the topic's partition 0. */
    InputRecord unkeyed(String topic, long offset, Schema valueSchema, Object value) {
        return record(topic, 0, offset, null, null, valueSchema, value);
    }

    /** A record whose key and value are the given JSON text (or null), as a producer without a schema writes it. */
    InputRecord rawRecord(String topic, int partition, long offset, String key, String value) {
        return new InputRecord(
                new TopicPartition(topic, partition),
                offset,
                1_764_064_800_000L + offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                List.of());
    }

    /** The dead letter of a record, as JSON: its reason and raw key, value and headers. */
    JsonNode deadLetter(String topic, int partition, long offset) {
        try {
            return new ObjectMapper()
                    .readTree(get(
                            "dead-letter/" + topic + "/" + partition + "/" + String.format("%010d", offset) + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** The column names and DuckDB types of the Parquet objects under the glob ({@code topics/orders/*}/*.parquet). */
    Map<String, Object> columnTypes(String glob) throws SQLException {
        Map<String, Object> types = new HashMap<>();
        query("DESCRIBE SELECT * FROM read_parquet('${lake}/" + glob + "')")
                .forEach(c -> types.put((String) c.get("column_name"), c.get("column_type")));
        return types;
    }

    /** Rows of a DuckDB query over the lake's files, each as column name to value. */
    List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = statement.executeQuery(sql.replace("${lake}", directory.toString()))) {
                List<Map<String, Object>> rows = new ArrayList<>();
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
