package dev.tributary.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void shouldParseBucketAndKey() {
        S3Location location = S3Location.parse("s3://lake/topics/pagila.query/country=United States/x.parquet");
        assertThat(location.bucket()).isEqualTo("lake");
        assertThat(location.key()).isEqualTo("topics/pagila.query/country=United States/x.parquet");
        assertThat(S3Location.parse("s3://lake")).isEqualTo(new S3Location("lake", ""));
    }

    @Test
    void shouldResolveWithExactlyOneSlash() {
        assertThat(S3Location.parse("s3://lake/topics/").resolve("a")).hasToString("s3://lake/topics/a");
        assertThat(S3Location.parse("s3://lake/topics").resolve("a")).hasToString("s3://lake/topics/a");
        assertThat(S3Location.parse("s3://lake").resolve("a")).hasToString("s3://lake/a");
    }

    @Test
    void shouldRejectSomethingThatIsNotAnS3Uri() {
        assertThatThrownBy(() -> S3Location.parse("/tmp/pipeline.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not start with s3://");
    }
}
