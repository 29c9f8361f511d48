package dev.tributary.sink.iceberg;

import dev.tributary.core.lake.MetadataColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.StructLikeMap;

/**
 * The change time at the source ({@code __source_ts}) of an upsert table's rows for some keys, read at a snapshot
 * with deletes applied: what a batch's late versions are compared with ({@link IcebergBatch}).
 */
final class TableChanges {

    /** Above this many keys, the whole table is read rather than a predicate of every key. */
    private static final int MAX_PREDICATE_KEYS = 1_000;

    private TableChanges() {}

    /**
     * @param keys keys as records of the identifier fields
     * @return by key (in Iceberg's internal representation), the change time of its row in epoch microseconds; empty
     *     when the table has no change-time column
     */
    static Map<StructLike, Long> of(Table table, Snapshot snapshot, Types.StructType keyStruct, List<Record> keys) {
        Map<StructLike, Long> changes = StructLikeMap.create(keyStruct);
        Types.NestedField changed = table.schema().findField(MetadataColumns.SOURCE_TIME);
        if (keys.isEmpty() || snapshot == null || changed == null) {
            return changes;
        }
        List<String> columns = new ArrayList<>();
        keyStruct.fields().forEach(f -> columns.add(f.name()));
        columns.add(changed.name());
        Map<StructLike, Boolean> wanted = StructLikeMap.create(keyStruct);
        keys.forEach(k -> wanted.put(new InternalRecordWrapper(keyStruct).wrap(k), true));
        Schema keySchema = new Schema(keyStruct.fields());
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table)
                .useSnapshot(snapshot.snapshotId())
                .select(columns.toArray(String[]::new))
                .where(filter(keyStruct, keys))
                .build()) {
            for (Record row : rows) {
                // A new record and wrapper per row: the map keeps them.
                StructLike key = new InternalRecordWrapper(keyStruct).wrap(IcebergFiles.keyOf(row, keySchema));
                Long time = micros(row.getField(changed.name()));
                if (wanted.containsKey(key) && time != null) {
                    changes.put(key, time);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the change times of " + table.name() + ": " + e.getMessage(), e);
        }
        return changes;
    }

    /** The keys as a predicate the scan prunes files with; none above {@link #MAX_PREDICATE_KEYS}. */
    private static Expression filter(Types.StructType keyStruct, List<Record> keys) {
        if (keys.size() > MAX_PREDICATE_KEYS) {
            return Expressions.alwaysTrue();
        }
        if (keyStruct.fields().size() == 1) {
            String name = keyStruct.fields().get(0).name();
            List<Object> values = new ArrayList<>();
            keys.forEach(k -> values.add(k.getField(name)));
            return Expressions.in(name, values.toArray());
        }
        Expression any = Expressions.alwaysFalse();
        for (Record key : keys) {
            Expression one = Expressions.alwaysTrue();
            for (Types.NestedField field : keyStruct.fields()) {
                one = Expressions.and(one, Expressions.equal(field.name(), key.getField(field.name())));
            }
            any = Expressions.or(any, one);
        }
        return any;
    }

    private static Long micros(Object timestamp) {
        if (timestamp instanceof OffsetDateTime time) {
            return ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time);
        }
        if (timestamp instanceof LocalDateTime time) {
            return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), time);
        }
        return null;
    }
}
