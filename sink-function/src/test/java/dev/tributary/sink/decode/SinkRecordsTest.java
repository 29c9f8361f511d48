package dev.tributary.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.record.TopicPartition;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.LakeRow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class SinkRecordsTest {

    static InputRecord record(String key, String value, String changeTime) {
        return new InputRecord(
                new TopicPartition("items", 2),
                9,
                1_764_064_800_000L,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry(LakeRow.CHANGE_TIME_HEADER, changeTime.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void shouldReadTheValueAsJsonAndKeepAKeyThatIsNotJsonAsText() {
        SinkRecord record = SinkRecords.decode(
                new ConnectJsonReader(), record("plain key", "{\"n\": 1}", "2025-11-25T10:00:00.000001Z"));

        assertThat(record.key()).isEqualTo("plain key");
        assertThat(record.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(record.topic()).isEqualTo("items");
        assertThat(record.kafkaPartition()).isEqualTo(2);
        assertThat(record.kafkaOffset()).isEqualTo(9);
        assertThat(SinkRecords.sourceTime(record)).isEqualTo(1_764_064_800_000_001L);
    }

    @Test
    void shouldRefuseAValueThatIsNotJsonAndAChangeTimeThatIsNotAnInstant() {
        assertThatThrownBy(() -> SinkRecords.decode(new ConnectJsonReader(), record("k", "{oops", "x")))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot decode the value: ");
        SinkRecord record = SinkRecords.decode(new ConnectJsonReader(), record("k", "1", "yesterday"));
        assertThatThrownBy(() -> SinkRecords.sourceTime(record))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read header tributary.change-time 'yesterday' as an ISO-8601 instant");
    }
}
