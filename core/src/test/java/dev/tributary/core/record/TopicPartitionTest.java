package dev.tributary.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicPartitionTest {

    @Test
    void shouldSplitMskRecordKeysAtTheLastDash() {
        assertThat(TopicPartition.parse("pagila.public.alt-address-12"))
                .isEqualTo(new TopicPartition("pagila.public.alt-address", 12));
        assertThat(new TopicPartition("pagila.query", 0)).hasToString("pagila.query-0");
    }

    @Test
    void shouldRejectKeysWithoutAPartitionNumber() {
        assertThatThrownBy(() -> TopicPartition.parse("pagila.query"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pagila.query'")
                .hasMessageContaining("<topic>-<partition>");
        assertThatThrownBy(() -> TopicPartition.parse("pagila-x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' is not a partition number");
    }

    @Test
    void shouldOrderByTopicThenPartitionNumber() {
        assertThat(new TopicPartition("a", 10)).isGreaterThan(new TopicPartition("a", 9));
        assertThat(new TopicPartition("a", 10)).isLessThan(new TopicPartition("b", 0));
    }
}
