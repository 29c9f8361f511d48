package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.record.TopicPartition;
import dev.tributary.sink.Grouping.Groups;
import dev.tributary.sink.Placement.GroupedRow;
import dev.tributary.sink.Placement.Placed;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.LakeRow;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class GroupingTest {

    static final Schema V1 =
            SchemaBuilder.struct().field("n", Schema.INT32_SCHEMA).build();
    static final Schema WIDER = SchemaBuilder.struct()
            .field("n", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema CLASH =
            SchemaBuilder.struct().field("n", Schema.STRING_SCHEMA).build();
    static final SinkParts OBJECTS = new SinkParts(Sinks.first("""
              - name: objects
                topics: items
                bucket: lake
            """));

    static Pending pending(Schema schema, long offset) {
        LakeRow row = new LakeRow(null, null, schema, null, "items", 0, offset, null, null);
        return new Pending(row, new InputRecord(new TopicPartition("items", 0), offset, null, null, null, List.of()));
    }

    @Test
    void shouldKeepRowsWhoseSchemasMergeInOneSegmentAndStartAnotherAtAClash() {
        Pending first = pending(V1, 0);
        Pending tombstone = pending(null, 1);
        Pending wider = pending(WIDER, 2);
        Pending clash = pending(CLASH, 3);
        Pending after = pending(CLASH, 4);

        assertThat(Grouping.segments(List.of(first, tombstone, wider, clash, after)))
                .containsExactly(List.of(first, tombstone, wider), List.of(clash, after));
    }

    @Test
    void shouldGroupRowsOfTheBatchsChunksByObjectInBatchOrder() {
        ObjectGroup zero = new ObjectGroup(OBJECTS, "items", 0, "partition=0");
        ObjectGroup one = new ObjectGroup(OBJECTS, "items", 1, "partition=1");
        Pending a = pending(V1, 0);
        Pending b = pending(V1, 1);
        Pending c = pending(V1, 2);
        Placed firstChunk =
                new Placed(List.of(new GroupedRow(zero, a), new GroupedRow(one, b)), List.of(), List.of(), 0, 0);
        Placed secondChunk = new Placed(List.of(new GroupedRow(zero, c)), List.of(), List.of(), 0, 0);

        Groups groups = Grouping.of(List.of(firstChunk, secondChunk));

        assertThat(groups.segments())
                .containsExactly(new Grouping.Segment(zero, List.of(a, c)), new Grouping.Segment(one, List.of(b)));
        assertThat(groups.tables()).isEmpty();
    }
}
