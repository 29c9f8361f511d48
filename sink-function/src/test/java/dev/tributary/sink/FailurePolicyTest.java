package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.fault.Answer;
import dev.tributary.localstack.fault.Fault;
import dev.tributary.localstack.fault.FaultProxy;
import dev.tributary.localstack.lambda.InvocationContext;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.event.SinkEvent;
import dev.tributary.sink.storage.S3LakeStore;
import dev.tributary.sink.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sink acts on what kind of failure S3 answers with, injected at the wire: a failure that may pass is tried again
 * within the invocation until the batch is written; a permanent one fails the invocation at once, naming what to
 * change, without a second attempt.
 */
class FailurePolicyTest {

    private static final String SINKS = """
              - name: items
                topics: [items]
                bucket: ${bucket}
            """;

    private static LocalLake lake;
    private static FaultProxy proxy;
    private static S3Client proxied;

    @BeforeAll
    static void start() {
        lake = new LocalLake("policy");
        proxy = FaultProxy.start("s3", LocalStack.shared().s3().uri());
        var endpoint = LocalStack.shared().s3();
        proxied = LocalLake.client(new dev.tributary.localstack.AwsEndpoint(
                proxy.uri(), endpoint.region(), endpoint.accessKeyId(), endpoint.secretAccessKey()));
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @AfterAll
    static void stop() {
        proxied.close();
        proxy.close();
        lake.close();
    }

    @Test
    void shouldWriteTheBatchWithinTheInvocationWhenS3ThrottlesForAWhile() {
        Fault slowDown = proxy.answer(
                        "503",
                        r -> r.method().equals("PUT"),
                        1,
                        Answer.s3(503, "SlowDown", "Please reduce your request rate."))
                .times(6);

        SinkResponse response = handler().handleRequest(event(0), new InvocationContext("sink", 30_000));

        assertThat(response.objects())
                .containsExactly("s3://" + lake.bucket + "/topics/items/partition=0/items+0+0000000000.snappy.parquet");
        assertThat(lake.keys("topics/items/")).contains("topics/items/partition=0/items+0+0000000000.snappy.parquet");
        assertThat(slowDown.applied())
                .as("every throttled attempt, the SDK's and the handler's")
                .isEqualTo(6);
    }

    @Test
    void shouldFailAtOnceSayingWhatToChangeWhenTheBucketDeniesTheWrite() {
        Fault denied =
                proxy.answer("403", r -> r.method().equals("PUT"), 1, Answer.s3(403, "AccessDenied", "Access Denied"));

        assertThatThrownBy(() -> handler().handleRequest(event(100), new InvocationContext("sink", 30_000)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Cannot write s3://" + lake.bucket + "/topics/items/partition=0/"
                        + "items+0+0000000100.snappy.parquet because AccessDenied (403): Access Denied")
                .hasMessageContaining("allow the sink's role s3:PutObject on " + lake.bucket + "/topics/*");
        assertThat(denied.applied())
                .as("attempts at a write that cannot succeed")
                .isEqualTo(1);
    }

    @Test
    void shouldGiveUpWhenTheInvocationHasNoTimeForAnotherAttempt() {
        proxy.answer(
                "500",
                r -> r.method().equals("PUT"),
                1,
                Answer.s3(500, "InternalError", "We encountered an internal error. Please try again."));

        assertThatThrownBy(() -> handler().handleRequest(event(200), new InvocationContext("sink", 1_500)))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("InternalError (500)");
    }

    @Test
    void shouldLeaveNoPartialObjectWhenS3FailsPartWayThroughABatch() {
        proxy.answer(
                "503 for partition 1",
                r -> r.method().equals("PUT") && r.path().contains("/items+1+"),
                1,
                Answer.s3(503, "SlowDown", "Please reduce your request rate."));
        SinkService sink = new SinkService(lake.pipeline(SINKS), new S3LakeStore(proxied));
        List<InputRecord> batch = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            batch.add(lake.record(
                    "items",
                    partition,
                    500,
                    null,
                    null,
                    DeliveryGuaranteesTest.V1,
                    new Struct(DeliveryGuaranteesTest.V1).put("id", 1).put("n", 1)));
        }

        assertThatThrownBy(() -> sink.process(batch))
                .isInstanceOfSatisfying(
                        StorageException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("SlowDown (503)");
        List<String> written = lake.keys("topics/items/").stream()
                .filter(k -> k.endsWith("+0000000500.snappy.parquet"))
                .toList();
        assertThat(written).containsExactly("topics/items/partition=0/items+0+0000000500.snappy.parquet");
        byte[] complete = lake.get(written.get(0));
        assertThat(new String(complete, complete.length - 4, 4, StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");
    }

    private static SinkHandler handler() {
        SinkHandler handler = new SinkHandler();
        handler.sink = new SinkService(lake.pipeline(SINKS), new S3LakeStore(proxied));
        return handler;
    }

    /** An MSK event with three records of topic items, partition 0, from {@code offset}. */
    private static SinkEvent event(long offset) {
        List<KafkaEvent.KafkaEventRecord> records = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < 3; i++) {
            InputRecord record = lake.unkeyed(
                    "items",
                    offset + i,
                    DeliveryGuaranteesTest.V1,
                    new Struct(DeliveryGuaranteesTest.V1).put("id", i).put("n", i));
            KafkaEvent.KafkaEventRecord event = new KafkaEvent.KafkaEventRecord();
            event.setTopic("items");
            event.setPartition(0);
            event.setOffset(record.offset());
            event.setTimestamp(1_700_000_000_000L);
            event.setTimestampType("CREATE_TIME");
            event.setValue(base64.encodeToString(record.value()));
            event.setHeaders(List.of());
            records.add(event);
        }
        return new SinkEvent("aws:kafka", null, null, Map.of("items-0", records), null);
    }
}
