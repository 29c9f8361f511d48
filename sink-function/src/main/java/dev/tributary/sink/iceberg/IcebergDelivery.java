package dev.tributary.sink.iceberg;

import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.core.lake.MetadataColumns;
import dev.tributary.core.pipeline.IcebergConfig.IcebergMode;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import dev.tributary.sink.schema.SchemaRuns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * The sink's path for sinks of format iceberg: one topic's rows of a batch go to the topic's table, in the catalog's
 * Glue database, named by the sink's table-name. Rows whose schemas do not merge (a column's type changed mid-batch)
 * are committed as consecutive runs, in order. A row that cannot be a change of the table (an upsert row without its
 * key) is refused alone, with its reason, for the dead letters.
 */
public final class IcebergDelivery implements AutoCloseable {

    private final PipelineConfig pipeline;
    private final Map<String, String> catalogProperties;
    private final Map<String, IcebergTables> tables = new ConcurrentHashMap<>();
    private final GlueOptimizers optimizers;

    /**
     * @param catalogProperties Iceberg catalog properties beyond the warehouse (endpoints, credentials), as
     *     {@link IcebergTables#properties} gives them from the environment
     */
    public IcebergDelivery(PipelineConfig pipeline, Map<String, String> catalogProperties) {
        this.pipeline = pipeline;
        this.catalogProperties = Map.copyOf(catalogProperties);
        this.optimizers = new GlueOptimizers(this.catalogProperties);
    }

    /**
     * What a topic's rows did: the outcome of each run, and the rows refused with their reasons, by index in
     * {@code rows}.
     */
    public record Delivered(List<IcebergTableSink.Outcome> outcomes, Map<Integer, String> refused) {

        /** The records applied to the table. */
        public int records() {
            return outcomes.stream().mapToInt(IcebergTableSink.Outcome::records).sum();
        }
    }

    /**
     * @param rows one topic's rows of the batch, in offset order per Kafka partition
     * @throws PipelineFailure when the table cannot be read, evolved or committed to
     */
    public Delivered write(SinkConfig sink, String topic, List<LakeRow> rows) {
        List<IcebergTableSink.Outcome> outcomes = new ArrayList<>();
        Map<Integer, String> refused = new HashMap<>();
        int from = 0;
        while (from < rows.size()) {
            int to = SchemaRuns.end(rows, from, Function.identity());
            List<LakeRow> run = rows.subList(from, to);
            RowLayout layout = SchemaRuns.layout(run, Function.identity(), Set.of(), true);
            Table table = table(sink, topic, layout, run);
            List<IcebergBatch.Change> changes = new ArrayList<>(run.size());
            for (int i = 0; i < run.size(); i++) {
                try {
                    changes.add(IcebergChanges.of(run.get(i), layout, table.schema()));
                } catch (DataException e) {
                    refused.put(from + i, e.getMessage());
                }
            }
            outcomes.add(IcebergTableSink.write(table, topic, changes));
            from = to;
        }
        return new Delivered(outcomes, refused);
    }

    private Table table(SinkConfig sink, String topic, RowLayout layout, List<LakeRow> rows) {
        TableIdentifier id = TableIdentifier.of(pipeline.catalog().database(), sink.tableNameOf(topic));
        List<String> keys = sink.iceberg().mode() == IcebergMode.UPSERT ? keyColumns(sink, rows) : List.of();
        try {
            Table table = tables(sink)
                    .table(
                            id,
                            IcebergSchemas.of(layout.avro(), keys),
                            IcebergPartitioning.of(sink),
                            codec(sink),
                            Map.of(IcebergTables.SINK, sink.name(), IcebergTables.TOPIC, topic));
            optimizers.ensure(table, sink.iceberg());
            return table;
        } catch (IllegalArgumentException e) {
            throw PipelineFailure.permanent(
                    "Cannot write topic " + topic + " to Iceberg table " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * An upsert table's key columns: key-fields, else the record key's fields where the rows have them as columns,
     * else the key column the sink adds ({@code __key}, {@code __key_<field>}).
     */
    static List<String> keyColumns(SinkConfig sink, List<LakeRow> rows) {
        if (!sink.iceberg().keyFields().isEmpty()) {
            return sink.iceberg().keyFields();
        }
        Schema key = rows.stream()
                .map(LakeRow::keySchema)
                .filter(s -> s != null)
                .findFirst()
                .orElse(null);
        Schema value = rows.stream()
                .map(LakeRow::valueSchema)
                .filter(s -> s != null)
                .findFirst()
                .orElse(null);
        if (key == null) {
            throw new IllegalArgumentException("an upsert table needs a key, and the records have none; set"
                    + " iceberg.key-fields, or give the records a key (ValueToKey)");
        }
        if (key.type() != Schema.Type.STRUCT) {
            return List.of(MetadataColumns.KEY);
        }
        List<String> fields = key.fields().stream().map(Field::name).toList();
        boolean inValue = value != null
                && value.type() == Schema.Type.STRUCT
                && fields.stream().allMatch(f -> value.field(f) != null);
        return inValue
                ? fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList()
                : fields.stream()
                        .map(f -> (MetadataColumns.KEY + "_" + f).toLowerCase(Locale.ROOT))
                        .toList();
    }

    /**
     * Maintains the tables of every sink of format iceberg ({@link IcebergMaintenance}): those of the catalog's
     * database that the sink created, or only the ones named.
     *
     * @param only tables as {@code database.table}; empty: all
     * @return what maintenance did, one line per table
     */
    public List<String> maintain(List<String> only, Clock clock) {
        List<String> done = new ArrayList<>();
        Namespace database = Namespace.of(pipeline.catalog().database());
        for (SinkConfig sink : pipeline.sinks()) {
            if (sink.format() != SinkConfig.Format.ICEBERG) {
                continue;
            }
            IcebergTables sinkTables = tables(sink);
            for (TableIdentifier id : sinkTables.catalog().listTables(database)) {
                if (!only.isEmpty() && !only.contains(id.toString())) {
                    continue;
                }
                Table table = sinkTables.catalog().loadTable(id);
                if (!sink.name().equals(table.properties().get(IcebergTables.SINK))) {
                    continue;
                }
                IcebergMaintenance.Report report = IcebergMaintenance.maintain(
                        table,
                        sink.iceberg().snapshotRetention(),
                        sink.iceberg().orphanAge(),
                        clock);
                done.add(id + ": data files " + report.dataFilesBefore() + " -> " + report.dataFilesAfter()
                        + ", delete files removed " + report.deleteFilesRemoved() + ", snapshots expired "
                        + report.snapshotsExpired() + ", orphan files deleted " + report.orphansDeleted());
            }
        }
        return done;
    }

    private IcebergTables tables(SinkConfig sink) {
        return tables.computeIfAbsent(sink.name(), name -> {
            Map<String, String> properties = new HashMap<>(catalogProperties);
            properties.put("warehouse", sink.iceberg().warehouseOf(sink.bucket()));
            return new IcebergTables(properties);
        });
    }

    private static String codec(SinkConfig sink) {
        return switch (sink.compression()) {
            case NONE -> "uncompressed";
            case SNAPPY -> "snappy";
            case GZIP -> "gzip";
            case ZSTD -> "zstd";
        };
    }

    @Override
    public void close() {
        optimizers.close();
        tables.values().forEach(t -> {
            try {
                t.close();
            } catch (Exception e) {
                // Closing releases HTTP clients; nothing is lost if it fails.
            }
        });
    }
}
