package dev.tributary.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeyTest {

    @Test
    void shouldNameObjectsAsKafkaConnectsS3SinkDoes() {
        ObjectKey key = new ObjectKey(
                "topics", "pagila.query", HivePath.segment("country", "United States"), 0, 3, "gz.parquet");

        assertThat(key.key())
                .isEqualTo("topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet");
        assertThat(ObjectKey.parse("topics", key.key())).contains(key);
        assertThat(key.partitionValues()).containsEntry("country", "United States");
    }

    @Test
    void shouldEscapePartitionValuesAsHiveDoes() {
        assertThat(HivePath.escape("Congo, The Democratic Republic of the"))
                .isEqualTo("Congo, The Democratic Republic of the");
        assertThat(HivePath.escape("a/b=c:d%e#f?g")).isEqualTo("a%2Fb%3Dc%3Ad%25e%23f%3Fg");
        assertThat(HivePath.escape("")).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        assertThat(HivePath.unescape("a%2Fb%3Dc%3Ad%25e%23f%3Fg")).isEqualTo("a/b=c:d%e#f?g");
        assertThat(HivePath.escape("Île-de-France ✓")).isEqualTo("Île-de-France ✓");
    }

    @Test
    void shouldReadBackKeysWithSeveralSegmentsAndIgnoreOthers() {
        String key = "topics/t/year=2026/month=11/t+2+0000001234.json.gz";

        assertThat(ObjectKey.parse("topics", key)).hasValueSatisfying(k -> {
            assertThat(k.kafkaPartition()).isEqualTo(2);
            assertThat(k.startOffset()).isEqualTo(1234);
            assertThat(k.extension()).isEqualTo("json.gz");
            assertThat(k.partitionValues())
                    .containsExactly(java.util.Map.entry("year", "2026"), java.util.Map.entry("month", "11"));
        });
        assertThat(ObjectKey.parse("topics", "topics/t/_SUCCESS")).isEmpty();
        assertThat(ObjectKey.parse("topics", "dead-letter/t/0/1.json")).isEmpty();
    }
}
