package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.record.ConnectJsonWriter;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.sink.Placement.Placed;
import dev.tributary.sink.event.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class PlacementTest {

    static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("country", Schema.STRING_SCHEMA)
            .build();
    static final PipelineConfig PIPELINE = Sinks.pipeline("""
              - name: by-country
                topics: items
                bucket: lake
                partitioner: field
                partition-fields: country
                null-values: fail
              - name: plain
                topics: items
                bucket: lake
                null-values: ignore
            """);

    static InputRecord record(String topic, long offset, byte[] value) {
        return new InputRecord(new TopicPartition(topic, 1), offset, 1L, null, value, List.of());
    }

    static byte[] row(int id, String country) {
        return new ConnectJsonWriter().write(ROW, new Struct(ROW).put("id", id).put("country", country));
    }

    static Placed place(List<InputRecord> records) {
        Map<String, SinkParts> sinks = new LinkedHashMap<>();
        for (SinkConfig sink : PIPELINE.sinks()) {
            sinks.put(sink.name(), new SinkParts(sink));
        }
        return new Placement(PIPELINE, sinks).place(records);
    }

    @Test
    void shouldPlaceARecordOnceForEverySinkThatTakesItsTopicUnderThatSinksPath() {
        Placed placed = place(List.of(record("items", 7, row(1, "Chad"))));

        assertThat(placed.rows())
                .extracting(
                        r -> r.group().parts().config.name() + " " + r.group().path())
                .containsExactly("by-country country=Chad", "plain partition=1");
        assertThat(placed.rows())
                .allSatisfy(r -> assertThat(r.pending().row().offset()).isEqualTo(7));
        assertThat(placed.dead()).isEmpty();
    }

    @Test
    void shouldSetApartARecordOfATopicNoSinkTakes() {
        InputRecord orphan = record("orphan", 3, row(1, "Chad"));

        Placed placed = place(List.of(orphan));

        assertThat(placed.noSink()).containsExactly(orphan);
        assertThat(placed.rows()).isEmpty();
        assertThat(placed.dead()).isEmpty();
    }

    @Test
    void shouldTreatATombstoneAsEachSinksNullValuesSays() {
        Placed placed = place(List.of(record("items", 4, null)));

        assertThat(placed.dead())
                .extracting(d -> d.prefix().key() + ": " + d.reason())
                .containsExactly("dead-letter: " + Tombstones.REFUSED);
        assertThat(placed.skipped()).isEqualTo(1);
        assertThat(placed.rows()).isEmpty();
    }

    @Test
    void shouldDeadLetterAnUndecodableRecordForEverySinkThatTakesIt() {
        Placed placed = place(List.of(record("items", 5, "{not json".getBytes(StandardCharsets.UTF_8))));

        assertThat(placed.dead())
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.reason()).startsWith("Cannot decode the value"));
    }
}
