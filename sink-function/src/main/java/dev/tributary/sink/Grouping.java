package dev.tributary.sink;

import dev.tributary.sink.Placement.Placed;
import dev.tributary.sink.schema.SchemaRuns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a batch's placed rows into what is written: for a sink of objects, one object per topic, Kafka partition and
 * partition path, or more when a schema cannot merge with the ones before it; for an Iceberg sink, one table per
 * topic. Rows keep the batch's order, so every object has its records in offset order.
 */
final class Grouping {

    private Grouping() {}

    /** The rows of one object. */
    record Segment(ObjectGroup group, List<Pending> rows) {}

    /** The rows of one topic of an Iceberg sink: one table. */
    record TableRows(SinkParts parts, String topic, List<Pending> rows) {}

    /** What a batch writes: objects, and tables. */
    record Groups(List<Segment> segments, List<TableRows> tables) {}

    private record Table(SinkParts parts, String topic) {}

    /** @param chunks the placed chunks of a batch, in the batch's order */
    static Groups of(List<Placed> chunks) {
        Map<ObjectGroup, List<Pending>> groups = new LinkedHashMap<>();
        for (Placed chunk : chunks) {
            chunk.rows()
                    .forEach(entry -> groups.computeIfAbsent(entry.group(), g -> new ArrayList<>())
                            .add(entry.pending()));
        }
        List<Segment> segments = new ArrayList<>();
        Map<Table, List<Pending>> tables = new LinkedHashMap<>();
        groups.forEach((group, rows) -> {
            if (group.parts().isTable()) {
                tables.computeIfAbsent(new Table(group.parts(), group.topic()), t -> new ArrayList<>())
                        .addAll(rows);
            } else {
                segments(rows).forEach(segment -> segments.add(new Segment(group, segment)));
            }
        });
        List<TableRows> tableRows = new ArrayList<>(tables.size());
        tables.forEach((table, rows) -> tableRows.add(new TableRows(table.parts(), table.topic(), rows)));
        return new Groups(segments, tableRows);
    }

    /** Consecutive rows whose schemas merge; a row whose schema cannot join the current ones starts a new object. */
    static List<List<Pending>> segments(List<Pending> rows) {
        List<List<Pending>> segments = new ArrayList<>();
        for (int from = 0; from < rows.size(); ) {
            int to = SchemaRuns.end(rows, from, Pending::row);
            segments.add(rows.subList(from, to));
            from = to;
        }
        return segments;
    }
}
