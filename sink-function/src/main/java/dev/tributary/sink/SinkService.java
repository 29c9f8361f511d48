package dev.tributary.sink;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.Grouping.Groups;
import dev.tributary.sink.Placement.Placed;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.iceberg.IcebergDelivery;
import dev.tributary.sink.iceberg.IcebergTables;
import dev.tributary.sink.storage.LakeStore;
import dev.tributary.sink.storage.StorageException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes one batch of Kafka records to the lake: chunks of the batch are placed in parallel ({@link Placement}:
 * decoded, transformed, partitioned), their rows grouped into objects and tables ({@link Grouping}), which are
 * written in parallel ({@link ObjectUploads}, {@link TableWrites}). A record that cannot be written goes to the
 * dead letters with its reason ({@link DeadLetters}); the rest of the batch proceeds, and only a failed upload fails
 * it. Objects are named after their first offset, so a batch delivered again rewrites the same objects with the same
 * content; records delivered again in a batch cut elsewhere land in objects of other names, and appear twice in the
 * lake.
 */
public final class SinkService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SinkService.class);
    /** Records placed by one worker at a time. */
    private static final int CHUNK = 1000;

    private final IcebergDelivery iceberg;
    private final Map<String, SinkParts> sinks = new LinkedHashMap<>();
    private final Placement placement;
    private final ObjectUploads objects;
    private final TableWrites tables;
    private final DeadLetters deadLetters;
    private final Workers workers;

    /**
     * @throws ConfigException if the pipeline has no sink, or a sink's transforms are invalid
     */
    public SinkService(PipelineConfig pipeline, LakeStore store) {
        this(pipeline, store, IcebergTables.properties("", System.getenv()));
    }

    /**
     * @param icebergCatalog Iceberg catalog properties for sinks of format iceberg (endpoints, credentials)
     * @throws ConfigException if the pipeline has no sink, or a sink's transforms are invalid
     */
    public SinkService(PipelineConfig pipeline, LakeStore store, Map<String, String> icebergCatalog) {
        this.iceberg = new IcebergDelivery(pipeline, icebergCatalog);
        if (pipeline.sinks().isEmpty()) {
            throw new ConfigException("Missing setting sinks: the sink function needs at least one sink");
        }
        for (SinkConfig sink : pipeline.sinks()) {
            sinks.put(sink.name(), new SinkParts(sink));
        }
        this.placement = new Placement(pipeline, sinks);
        this.objects = new ObjectUploads(store);
        this.tables = new TableWrites(iceberg);
        this.deadLetters = new DeadLetters(store, pipeline.sinks());
        this.workers = Workers.forUploads();
    }

    /**
     * Writes a batch.
     *
     * @throws StorageException if an object cannot be written; the batch must be delivered again
     * @throws PipelineFailure if an Iceberg table cannot be written; the batch must be delivered again
     */
    public SinkResponse process(List<InputRecord> records) {
        // Decoding, transforming and partitioning are per record: chunks of the batch go to the workers, and their
        // results are put back together in batch order, so every object keeps its records in offset order.
        List<List<InputRecord>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += CHUNK) {
            chunks.add(records.subList(from, Math.min(records.size(), from + CHUNK)));
        }
        List<Placed> placed = workers.map(chunks, placement::place);
        List<DeadLetter> dead = new ArrayList<>();
        List<DeadLetter> noSink = new ArrayList<>();
        int noSinkRecords = 0;
        int filtered = 0;
        int skipped = 0;
        for (Placed chunk : placed) {
            dead.addAll(chunk.dead());
            chunk.noSink().forEach(record -> noSink.addAll(deadLetters.noSink(record)));
            noSinkRecords += chunk.noSink().size();
            filtered += chunk.filtered();
            skipped += chunk.skipped();
        }
        Groups groups = Grouping.of(placed);
        List<Written> results = new ArrayList<>(workers.map(groups.segments(), objects::write));
        results.addAll(workers.map(groups.tables(), tables::write));
        List<String> written = new ArrayList<>();
        int rows = 0;
        for (Written result : results) {
            if (result.object() != null) {
                written.add(result.object());
            }
            rows += result.rows();
            dead.addAll(result.dead());
        }
        List<DeadLetter> letters = new ArrayList<>(dead);
        letters.addAll(noSink);
        workers.map(DeadLetters.onePerLocation(letters), letter -> {
            deadLetters.write(letter);
            return letter;
        });
        if (!dead.isEmpty()) {
            LOG.warnf(
                    "Wrote %d of %d records to dead-letter prefixes; first reason: %s",
                    dead.size(), records.size(), dead.get(0).reason());
        }
        if (noSinkRecords > 0) {
            LOG.warnf(
                    "Wrote %d of %d records to %s: %s",
                    noSinkRecords,
                    records.size(),
                    noSink.get(0).prefix(),
                    noSink.get(0).reason());
        }
        return new SinkResponse(records.size(), rows, dead.size(), noSinkRecords, filtered, skipped, written);
    }

    /**
     * Maintains the Iceberg tables of the sinks of format iceberg: compaction, snapshot expiry, orphan files.
     *
     * @param tables the tables as {@code database.table}; empty: all
     */
    public SinkResponse maintain(List<String> tables) {
        return SinkResponse.maintained(iceberg.maintain(tables, Clock.systemUTC()));
    }

    @Override
    public void close() {
        sinks.values().forEach(SinkParts::close);
        iceberg.close();
        workers.close();
    }
}
