package dev.tributary.localstack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The fault proxy in front of the real local servers, driven by the real SDK clients: what it forwards still passes
 * the servers' SigV4 checks (S3's chunked, checksummed uploads included), and what it injects reaches the client as
 * the service's own errors, dropped connections, delays and held requests.
 */
class FaultProxyTest {

    private static LocalStack stack;
    private static FaultProxy s3Proxy;
    private static FaultProxy dynamoProxy;
    private static FaultProxy glueProxy;
    private static S3Client s3;
    private static DynamoDbClient dynamo;
    private static GlueClient glue;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        s3Proxy = FaultProxy.start("s3", stack.s3().uri());
        dynamoProxy = FaultProxy.start("dynamodb", stack.dynamoDb().uri());
        glueProxy = FaultProxy.start("glue", stack.glue().uri());
        AwsEndpoint endpoint = stack.s3();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoint.accessKeyId(), endpoint.secretAccessKey()));
        Region region = Region.of(endpoint.region());
        // The standard retry mode (three attempts) keeps failing calls short; DynamoDB's default tries ten times.
        s3 = S3Client.builder()
                .endpointOverride(s3Proxy.uri())
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(dynamoProxy.uri())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        glue = GlueClient.builder()
                .endpointOverride(glueProxy.uri())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        s3.createBucket(b -> b.bucket("proxied"));
        dynamo.createTable(b -> b.tableName("proxied")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }

    @AfterEach
    void clearFaults() {
        s3Proxy.clear();
        dynamoProxy.clear();
        glueProxy.clear();
    }

    @AfterAll
    static void stop() {
        s3.close();
        dynamo.close();
        glue.close();
        s3Proxy.close();
        dynamoProxy.close();
        glueProxy.close();
    }

    @Test
    void shouldForwardSignedRequestsUnchanged() {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        List<String> seen = new CopyOnWriteArrayList<>();
        s3Proxy.observe((request, status) -> seen.add(request.method() + " " + status));

        s3.putObject(b -> b.bucket("proxied").key("topics/a b+0+0000000001.bin"), RequestBody.fromBytes(content));

        byte[] read = s3.getObjectAsBytes(b -> b.bucket("proxied").key("topics/a b+0+0000000001.bin"))
                .asByteArray();
        assertThat(Arrays.equals(read, content))
                .as("the object read back through the proxy")
                .isTrue();
        assertThat(seen).contains("PUT 200", "GET 200");
        dynamo.putItem(b -> b.tableName("proxied").item(Map.of("pk", AttributeValue.fromS("one"))));
        assertThat(dynamo.getItem(b -> b.tableName("proxied").key(Map.of("pk", AttributeValue.fromS("one"))))
                        .item())
                .containsKey("pk");
    }

    @Test
    void shouldAnswerWithTheServicesOwnErrors() {
        Fault slowDown = s3Proxy.answer(
                "503",
                r -> r.method().equals("PUT"),
                1,
                Answer.s3(503, "SlowDown", "Please reduce your request rate."));
        Fault throttled = dynamoProxy.answer(
                "throttling",
                r -> r.operation().endsWith("PutItem"),
                1,
                Answer.dynamoDb(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput."));
        Fault internal = glueProxy.answer(
                "500",
                r -> r.operation().endsWith("GetDatabases"),
                1,
                Answer.json(500, "InternalServiceException", "Internal service error"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("proxied").key("slowed-down"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThatThrownBy(() -> dynamo.putItem(
                        b -> b.tableName("proxied").item(Map.of("pk", AttributeValue.fromS("throttled")))))
                .isInstanceOfSatisfying(
                        DynamoDbException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
        assertThatThrownBy(() -> glue.getDatabases(b -> {})).isInstanceOfSatisfying(GlueException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServiceException");
        });
        // The SDK tried each call more than once: every attempt met the fault.
        assertThat(slowDown.applied()).isGreaterThan(1);
        assertThat(throttled.applied()).isGreaterThan(1);
        assertThat(internal.applied()).isGreaterThan(1);
        assertThat(s3.listObjectsV2(b -> b.bucket("proxied").prefix("slowed-down"))
                        .contents())
                .isEmpty();
    }

    @Test
    void shouldApplyARequestWhoseAnswerIsLost() {
        dynamoProxy.applyThenAnswer(
                "lost answer",
                r -> r.operation().endsWith("PutItem"),
                1,
                Answer.dynamoDb(500, "InternalServerError", "Internal server error"));

        assertThatThrownBy(() ->
                        dynamo.putItem(b -> b.tableName("proxied").item(Map.of("pk", AttributeValue.fromS("applied")))))
                .isInstanceOfSatisfying(
                        DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        dynamoProxy.clear();
        assertThat(dynamo.getItem(b -> b.tableName("proxied").key(Map.of("pk", AttributeValue.fromS("applied"))))
                        .item())
                .as("the server applied it")
                .containsKey("pk");
    }

    @Test
    void shouldDropConnections() {
        Fault drop = glueProxy.drop("drop", r -> true, 1);

        assertThatThrownBy(() -> glue.getDatabases(b -> {})).isInstanceOf(SdkClientException.class);
        assertThat(drop.applied()).isGreaterThan(1);
    }

    @Test
    void shouldHoldARequestUntilReleasedAndDropItWhenRemoved() throws Exception {
        Fault hold = s3Proxy.hold("hold", r -> r.method().equals("PUT"));
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> s3.putObject(
                b -> b.bucket("proxied").key("held"), RequestBody.fromString("held", StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(hold::holding);
        assertThat(put).isNotDone();

        hold.releaseHeld();
        put.get();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("proxied").key("held")).asUtf8String())
                .isEqualTo("held");

        CompletableFuture<Void> dropped = CompletableFuture.runAsync(() -> s3.putObject(
                b -> b.bucket("proxied").key("never"), RequestBody.fromString("never", StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(hold::holding);
        hold.remove();
        // Without the fault, the SDK's retry of the dropped request goes through.
        dropped.get();
        assertThat(hold.applied()).isEqualTo(2);
    }

    @Test
    void shouldDelayAnswers() {
        s3Proxy.delay("slow", r -> r.method().equals("GET"), 1, Duration.ofMillis(700));
        s3.putObject(b -> b.bucket("proxied").key("slowly"), RequestBody.fromString("x"));

        long begin = System.nanoTime();
        s3.getObjectAsBytes(b -> b.bucket("proxied").key("slowly"));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }
}
