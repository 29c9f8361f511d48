package dev.tributary.sink.schema;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.jboss.logging.Logger;

/**
 * Rows whose schemas merge, and the layout of their object: a batch's rows of one object (or table commit) run until
 * a row whose value or key schema cannot join the ones before it; that row starts the next run. Pure apart from
 * logging where a run ends.
 */
public final class SchemaRuns {

    private static final Logger LOG = Logger.getLogger(SchemaRuns.class);

    private SchemaRuns() {}

    /**
     * The end (exclusive) of the run of items from {@code from} whose rows' schemas merge.
     *
     * @param row the row of an item
     */
    public static <T> int end(List<T> items, int from, Function<T, LakeRow> row) {
        Schema value = null;
        Schema key = null;
        for (int i = from; i < items.size(); i++) {
            LakeRow next = row.apply(items.get(i));
            try {
                Schema nextValue = SchemaMerger.mergeNullable(value, next.valueSchema());
                key = SchemaMerger.mergeNullable(key, next.keySchema());
                value = nextValue;
            } catch (SchemaConflictException e) {
                LOG.infof(
                        "Starting another object at %s+%d+%d: %s",
                        next.topic(), next.partition(), next.offset(), e.getMessage());
                return i;
            }
        }
        return items.size();
    }

    /**
     * The layout of one object of the items' rows: their schemas merged.
     *
     * @param dropped value fields left out (partition fields, which the path holds)
     * @param withMetadata add the metadata columns and the key
     * @throws SchemaConflictException if the rows' schemas do not merge
     */
    public static <T> RowLayout layout(
            List<T> items, Function<T, LakeRow> row, Set<String> dropped, boolean withMetadata) {
        Schema value = null;
        Schema key = null;
        boolean tombstones = false;
        for (T item : items) {
            LakeRow next = row.apply(item);
            value = SchemaMerger.mergeNullable(value, next.valueSchema());
            key = SchemaMerger.mergeNullable(key, next.keySchema());
            tombstones |= next.value() == null;
        }
        return RowLayout.of(value, key, dropped, withMetadata, tombstones);
    }
}
