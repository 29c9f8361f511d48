package dev.tributary.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** What a batch adds to its table, once what the table holds is taken out. */
class IcebergBatchTest {

    private static final Schema SCHEMA = new Schema(List.of(Types.NestedField.required(1, "id", Types.IntegerType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get())), Set.of(1));
    private static final Schema KEY = new Schema(List.of(Types.NestedField.required(1, "id", Types.IntegerType.get())));

    private static IcebergBatch.Change change(int partition, long offset, int id, String name) {
        Record row = name == null ? null : GenericRecord.create(SCHEMA).copy(Map.of("id", id, "name", name));
        Record key = GenericRecord.create(KEY).copy(Map.of("id", id));
        return new IcebergBatch.Change(partition, offset, row, key, name == null);
    }

    @Test
    void shouldKeepTheLatestVersionPerKeyAndDeleteEveryKeyOfTheBatch() {
        IcebergBatch batch = IcebergBatch.of(List.of(change(0, 0, 1, "a"), change(0, 1, 2, "b"), change(0, 2, 1, "a2"),
                change(0, 3, 2, null)), Map.of(), KEY.asStruct());

        assertThat(batch.rows()).extracting(r -> r.getField("name")).containsExactly("a2");
        assertThat(batch.keys()).extracting(r -> r.getField("id")).containsExactlyInAnyOrder(1, 2);
        assertThat(batch.offsets()).containsExactly(Map.entry(0, 3L));
    }

    @Test
    void shouldSkipWhatEachPartitionCommittedAlready() {
        IcebergBatch batch = IcebergBatch.of(List.of(change(0, 4, 1, "a"), change(0, 5, 2, "b"), change(1, 9, 3, "c"),
                change(1, 10, 4, "d")), Map.of(0, 4L, 1, 10L), KEY.asStruct());
        IcebergBatch everything = IcebergBatch.of(List.of(change(0, 4, 1, "a")), Map.of(0, 4L), KEY.asStruct());

        assertThat(batch.skipped()).isEqualTo(3);
        assertThat(batch.rows()).extracting(r -> r.getField("id")).containsExactly(2);
        assertThat(batch.offsets()).containsExactly(Map.entry(0, 5L));
        assertThat(everything.isEmpty()).isTrue();
    }

    @Test
    void shouldAppendEveryVersionOfAnAppendTable() {
        IcebergBatch batch = IcebergBatch.of(List.of(change(0, 0, 1, "a"), change(0, 1, 1, "a2")), Map.of(), null);

        assertThat(batch.rows()).hasSize(2);
        assertThat(batch.keys()).isEmpty();
    }
}
