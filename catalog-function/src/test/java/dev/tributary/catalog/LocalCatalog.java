package dev.tributary.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.storage.S3LakeStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A lake and a catalog of their own on the shared local stack: a bucket that the real sink writes to, and a Glue
 * database on the local Glue endpoint that the catalog keeps in step with it.
 */
public final class LocalCatalog implements AutoCloseable {

    public final String bucket;
    public final String database;
    public final S3Client s3;
    public final GlueClient glue;
    final LocalStack stack = LocalStack.shared();
    private final ConnectJsonWriter writer = new ConnectJsonWriter();
    private final String sinks;

    /** A bucket and a database named after {@code name}, with a random suffix so that runs never collide. */
    public LocalCatalog(String name, String sinks) {
        this(name, UUID.randomUUID().toString().substring(0, 8), sinks, true);
    }

    private LocalCatalog(String name, String id, String sinks, boolean suffixBucket) {
        this.bucket = suffixBucket ? name + "-" + id : name;
        this.database = name.replace('-', '_') + "_" + id;
        this.sinks = sinks;
        this.s3 = s3Client();
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // A bucket with a fixed name, as fixtures name it, may be left from an earlier test of the same run.
        }
        AwsEndpoint glueEndpoint = stack.glue();
        this.glue = GlueClient.builder()
                .endpointOverride(glueEndpoint.uri())
                .region(Region.of(glueEndpoint.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials(glueEndpoint))
                .build();
    }

    /** A lake in a bucket with exactly this name, as event fixtures name it, and a database of its own. */
    static LocalCatalog inBucket(String bucket, String sinks) {
        return new LocalCatalog(bucket, UUID.randomUUID().toString().substring(0, 8), sinks, false);
    }

    /** The pipeline file: the sinks, with {@code ${bucket}} replaced, and the catalog's database. */
    String pipelineYaml() {
        return "sinks:\n" + sinks.replace("${bucket}", bucket) + "catalog:\n  database: " + database + "\n";
    }

    public PipelineConfig pipeline() {
        return PipelineParser.parse(pipelineYaml(), "catalog.yaml", Map.of());
    }

    CatalogService catalog() {
        return new CatalogService(pipeline(), s3, new GlueCatalog(glue));
    }

    /** Writes records with the real sink, and returns the objects it wrote. */
    public List<S3Location> write(List<InputRecord> records) {
        try (SinkService sink = new SinkService(pipeline(), new S3LakeStore(s3))) {
            return sink.process(records).objects().stream()
                    .map(S3Location::parse)
                    .toList();
        }
    }

    public InputRecord record(
            String topic, int partition, long offset, Schema keySchema, Object key, Schema valueSchema, Object value) {
        return new InputRecord(
                new TopicPartition(topic, partition),
                offset,
                1_764_064_800_000L + offset,
                key == null ? null : writer.write(keySchema, key),
                value == null ? null : writer.write(valueSchema, value),
                List.of());
    }

    /** A record as the poller sends it: the row's change time at the source in its header. */
    public InputRecord changed(
            String topic,
            long offset,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            String changeTime) {
        InputRecord record = record(topic, 0, offset, keySchema, key, valueSchema, value);
        return new InputRecord(
                record.topicPartition(),
                offset,
                record.timestamp(),
                record.key(),
                record.value(),
                List.of(Map.entry("tributary.change-time", changeTime.getBytes(StandardCharsets.US_ASCII))));
    }

    /** The S3 "Object Created" event EventBridge delivers for an object. */
    static CatalogEvent created(S3Location location) {
        ObjectNode detail = new ObjectMapper().createObjectNode();
        detail.putObject("bucket").put("name", location.bucket());
        detail.putObject("object").put("key", location.key()).put("size", 1);
        return new CatalogEvent("Object Created", detail, null, null);
    }

    /** The S3 "Object Created" event EventBridge delivers for an object, with its key URL-encoded. */
    static CatalogEvent createdEncoded(S3Location location) {
        return created(new S3Location(location.bucket(), urlEncoded(location.key())));
    }

    /** The classic S3 event notification of an object: its key URL-encoded as S3 encodes it ('/' kept). */
    static CatalogEvent notified(S3Location location) {
        ObjectNode record = new ObjectMapper()
                .createObjectNode()
                .put("eventSource", "aws:s3")
                .put("eventName", "ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", location.bucket());
        s3.putObject("object").put("key", urlEncoded(location.key())).put("size", 1);
        return new CatalogEvent(null, null, List.of(record), null);
    }

    private static String urlEncoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** A client of the lake's S3 server, with interceptors that see each request and response. */
    public S3Client s3Client(ExecutionInterceptor... interceptors) {
        return s3Client(stack.s3().uri(), interceptors);
    }

    /** A client of the lake's S3 server reached at another address, such as a fault proxy's in front of it. */
    public S3Client s3Client(URI address, ExecutionInterceptor... interceptors) {
        AwsEndpoint endpoint = stack.s3();
        return S3Client.builder()
                .endpointOverride(address)
                .forcePathStyle(true)
                .region(Region.of(endpoint.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials(endpoint))
                .overrideConfiguration(o -> Arrays.stream(interceptors).forEach(o::addExecutionInterceptor))
                .build();
    }

    String lakeDirectory() {
        return stack.s3Directory().orElseThrow().resolve(bucket).toString();
    }

    @Override
    public void close() {
        s3.close();
        glue.close();
    }

    private static StaticCredentialsProvider credentials(AwsEndpoint endpoint) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey()));
    }
}
