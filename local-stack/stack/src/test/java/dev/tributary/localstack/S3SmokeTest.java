package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

@ExtendWith(LocalStackExtension.class)
class S3SmokeTest {

    private static final String BUCKET = "smoke-bucket";

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = AwsClients.s3(LocalStack.shared().s3());
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @Test
    void shouldPutAndGetAnObjectSignedWithSigV4(LocalStack stack) throws Exception {
        String body = "{\"address_id\": 1, \"city\": \"A Coruña (La Coruña)\"}";
        s3.putObject(
                b -> b.bucket(BUCKET).key("topics/pagila.public.address/partition=0/a+0+0000000000.json"),
                RequestBody.fromString(body, StandardCharsets.UTF_8));

        String read = s3.getObjectAsBytes(
                        b -> b.bucket(BUCKET).key("topics/pagila.public.address/partition=0/a+0+0000000000.json"))
                .asUtf8String();

        assertThat(read).isEqualTo(body);
        Path onDisk = stack.s3Directory()
                .orElseThrow()
                .resolve(BUCKET + "/topics/pagila.public.address/partition=0/a+0+0000000000.json");
        assertThat(onDisk).hasContent(body);
    }

    @Test
    void shouldListByPrefixAndDelimiterAcrossPages() {
        for (int i = 0; i < 7; i++) {
            String key = "list/country=Canada/obj-" + i;
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
        s3.putObject(b -> b.bucket(BUCKET).key("list/country=United States/obj"), RequestBody.fromString("x"));

        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(
                    b -> b.bucket(BUCKET).prefix("list/").maxKeys(3).continuationToken(continuation));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = page.nextContinuationToken();
        } while (token != null);
        List<String> prefixes =
                s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("list/").delimiter("/")).commonPrefixes().stream()
                        .map(CommonPrefix::prefix)
                        .toList();

        assertThat(keys).hasSize(8).contains("list/country=United States/obj");
        assertThat(prefixes).containsExactlyInAnyOrder("list/country=Canada/", "list/country=United States/");
    }

    @Test
    void shouldAssembleAMultipartUpload() throws Exception {
        byte[] first = new byte[5 * 1024 * 1024];
        byte[] second = new byte[1234];
        new Random(42).nextBytes(first);
        new Random(43).nextBytes(second);
        String key = "multipart/object.parquet";
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        String etag1 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromBytes(first))
                .eTag();
        String etag2 = s3.uploadPart(
                        b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2), RequestBody.fromBytes(second))
                .eTag();
        s3.completeMultipartUpload(b -> b.bucket(BUCKET)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));

        byte[] read = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();

        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(sha256(read)).isEqualTo(sha256(expected));
    }

    @Test
    void shouldAnswerNoSuchKeyForAMissingObject() {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("missing/key")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void shouldRejectARequestSignedWithTheWrongSecret(LocalStack stack) {
        try (S3Client wrong = AwsClients.s3(stack.s3(), "not-the-secret")) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket(BUCKET)))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
