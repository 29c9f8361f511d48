package dev.tributary.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;
import org.junit.jupiter.api.Test;

/** What a batch adds to its table, once what the table holds is taken out. */
class IcebergBatchTest {

    private static final Schema SCHEMA = new Schema(
            List.of(
                    Types.NestedField.required(1, "id", Types.IntegerType.get()),
                    Types.NestedField.optional(2, "name", Types.StringType.get())),
            Set.of(1));
    private static final Schema KEY = new Schema(List.of(Types.NestedField.required(1, "id", Types.IntegerType.get())));

    private static IcebergBatch.Change change(int partition, long offset, int id, String name) {
        return change(partition, offset, null, id, name);
    }

    private static IcebergBatch.Change change(int partition, long offset, Long changed, int id, String name) {
        Record row = name == null ? null : GenericRecord.create(SCHEMA).copy(Map.of("id", id, "name", name));
        return new IcebergBatch.Change(partition, offset, changed, row, key(id), name == null);
    }

    private static Record key(int id) {
        return GenericRecord.create(KEY).copy(Map.of("id", id));
    }

    private static Map<StructLike, Long> inTable(int id, long changed) {
        Map<StructLike, Long> times = StructLikeMap.create(KEY.asStruct());
        times.put(new InternalRecordWrapper(KEY.asStruct()).wrap(key(id)), changed);
        return times;
    }

    @Test
    void shouldOrderVersionsByChangeTimeAtTheSourceThenOffsetAsTheCurrentStateViewsDo() {
        // Key 1: a delete record produced after the row that came back later at the source (a newer change time).
        // Key 2: no change times: offsets order.
        IcebergBatch batch = IcebergBatch.of(
                List.of(
                        change(0, 0, 20L, 1, "again"),
                        change(0, 1, 10L, 1, null),
                        change(0, 2, 2, "b"),
                        change(0, 3, 2, "b2")),
                Map.of(),
                KEY.asStruct(),
                Map.of());

        assertThat(batch.rows()).extracting(r -> r.getField("name")).containsExactlyInAnyOrder("again", "b2");
        assertThat(batch.latestChange()).isEqualTo(20L);
    }

    @Test
    void shouldLeaveAKeyWhoseRowInTheTableChangedLaterThanTheBatchsVersion() {
        List<IcebergBatch.Change> changes =
                List.of(change(0, 5, 10L, 1, "backfilled"), change(0, 6, 30L, 2, "new"), change(0, 7, 10L, 3, null));

        IcebergBatch batch = IcebergBatch.of(changes, Map.of(), KEY.asStruct(), inTable(1, 20L));

        assertThat(IcebergBatch.late(changes, 20L))
                .extracting(r -> r.getField("id"))
                .containsExactly(1, 3);
        assertThat(IcebergBatch.late(changes, null)).isEmpty();
        assertThat(batch.rows()).extracting(r -> r.getField("name")).containsExactly("new");
        assertThat(batch.keys()).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(2, 3);
        assertThat(batch.skipped()).isEqualTo(1);
        assertThat(batch.offsets()).containsExactly(Map.entry(0, 7L));
    }

    @Test
    void shouldKeepTheLatestVersionPerKeyAndDeleteEveryKeyOfTheBatch() {
        IcebergBatch batch = IcebergBatch.of(
                List.of(change(0, 0, 1, "a"), change(0, 1, 2, "b"), change(0, 2, 1, "a2"), change(0, 3, 2, null)),
                Map.of(),
                KEY.asStruct(),
                Map.of());

        assertThat(batch.rows()).extracting(r -> r.getField("name")).containsExactly("a2");
        assertThat(batch.keys()).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(1, 2);
        assertThat(batch.offsets()).containsExactly(Map.entry(0, 3L));
    }

    @Test
    void shouldSkipWhatEachPartitionCommittedAlready() {
        IcebergBatch batch = IcebergBatch.of(
                List.of(change(0, 4, 1, "a"), change(0, 5, 2, "b"), change(1, 9, 3, "c"), change(1, 10, 4, "d")),
                Map.of(0, 4L, 1, 10L),
                KEY.asStruct(),
                Map.of());
        IcebergBatch everything =
                IcebergBatch.of(List.of(change(0, 4, 1, "a")), Map.of(0, 4L), KEY.asStruct(), Map.of());

        assertThat(batch.skipped()).isEqualTo(3);
        assertThat(batch.rows()).extracting(r -> r.getField("id")).containsExactly(2);
        assertThat(batch.offsets()).containsExactly(Map.entry(0, 5L));
        assertThat(everything.isEmpty()).isTrue();
    }

    @Test
    void shouldAppendEveryVersionOfAnAppendTable() {
        IcebergBatch batch =
                IcebergBatch.of(List.of(change(0, 0, 1, "a"), change(0, 1, 1, "a2")), Map.of(), null, Map.of());

        assertThat(batch.rows()).hasSize(2);
        assertThat(batch.keys()).isEmpty();
    }
}
