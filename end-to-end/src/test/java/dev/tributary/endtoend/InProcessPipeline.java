package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.catalog.CatalogEvent;
import dev.tributary.catalog.CatalogService;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.poller.PollRequest;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import dev.tributary.poller.state.DynamoDbStateStore;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.MskBatch;
import dev.tributary.sink.storage.S3LakeStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The three functions' services on one pipeline, in this JVM, with what fires them on AWS played in turn: a poll,
 * the MSK events of what Kafka then holds (500 records each), and an "Object Created" event per object written.
 */
final class InProcessPipeline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Poller poller;
    private final SinkService sink;
    private final CatalogService catalog;
    private final MskFeed feed;
    private final List<String> topics;
    private final List<String> objects = new ArrayList<>();

    InProcessPipeline(
            PipelineConfig pipeline,
            String stateTable,
            List<String> topics,
            String bootstrapServers,
            DynamoDbClient dynamo,
            S3Client s3,
            GlueClient glue)
            throws SQLException {
        this.poller = Poller.start(pipeline, id -> "", new DynamoDbStateStore(dynamo, stateTable));
        this.sink = new SinkService(pipeline, new S3LakeStore(s3));
        this.catalog = new CatalogService(pipeline, s3, new GlueCatalog(glue));
        this.feed = new MskFeed(bootstrapServers);
        this.topics = List.copyOf(topics);
    }

    /** One turn: poll every source once, deliver what Kafka holds as MSK events, register each object written. */
    List<ConsumerRecord<byte[], byte[]>> cycle() {
        PollResponse polled = poller.poll(
                new PollRequest(null, null, null, List.of(), null, false, true),
                UUID.randomUUID().toString(),
                Instant.now().plusSeconds(60));
        assertThat(polled.sources())
                .allSatisfy(s -> assertThat(s.error()).as(s.source()).isNull());
        List<ConsumerRecord<byte[], byte[]>> records = feed.next(topics);
        for (int from = 0; from < records.size(); from += 500) {
            KafkaEvent event = feed.event(records.subList(from, Math.min(records.size(), from + 500)));
            for (String object : sink.process(MskBatch.records(event)).objects()) {
                objects.add(object);
                S3Location location = S3Location.parse(object);
                ObjectNode detail = JSON.createObjectNode();
                detail.putObject("bucket").put("name", location.bucket());
                detail.putObject("object").put("key", location.key());
                assertThat(catalog.handle(new CatalogEvent("Object Created", detail, null, null))
                                .problems())
                        .as(object)
                        .isEmpty();
            }
        }
        return records;
    }

    /** Every object the sink wrote, as s3:// URIs. */
    List<String> objects() {
        return List.copyOf(objects);
    }

    @Override
    public void close() {
        poller.close();
        sink.close();
    }
}
