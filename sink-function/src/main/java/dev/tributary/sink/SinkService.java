package dev.tributary.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.lake.HivePath;
import dev.tributary.core.lake.ObjectKey;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.sink.decode.ConnectJsonReader;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.format.ObjectEncoder;
import dev.tributary.sink.iceberg.IcebergDelivery;
import dev.tributary.sink.iceberg.IcebergTables;
import dev.tributary.sink.partition.Partitioner;
import dev.tributary.sink.schema.DeleteRecords;
import dev.tributary.sink.schema.Instants;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import dev.tributary.sink.schema.SchemaConflictException;
import dev.tributary.sink.schema.SchemaMerger;
import dev.tributary.sink.storage.LakeStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.jboss.logging.Logger;

/**
 * Writes one batch of Kafka records to the lake: decodes each record, applies the sink's transforms, places it in
 * a partition, groups records into objects (one per topic, Kafka partition and partition path, or more when a
 * schema changes incompatibly within the batch), encodes and uploads them. A record that cannot be written goes to
 * the dead-letter prefix with its reason; the rest of the batch proceeds, and only a failed upload fails it. Objects
 * are named after their first offset, so a batch delivered again rewrites the same objects with the same content;
 * records delivered again in a batch cut elsewhere land in objects of other names, and appear twice in the lake.
 */
public final class SinkService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SinkService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineConfig pipeline;
    private final LakeStore store;
    private final IcebergDelivery iceberg;
    private final Map<String, SinkParts> sinks = new LinkedHashMap<>();
    /** Decode chunks of a batch, and encode and upload its objects, in parallel. */
    private final java.util.concurrent.ExecutorService workers;

    private static final int CHUNK = 1000;
    /** S3's longest key, in bytes of UTF-8. */
    private static final int MAX_KEY_BYTES = 1024;

    private static final ThreadLocal<ConnectJsonReader> READERS = ThreadLocal.withInitial(ConnectJsonReader::new);

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
        this.pipeline = pipeline;
        this.store = store;
        for (SinkConfig sink : pipeline.sinks()) {
            sinks.put(
                    sink.name(),
                    new SinkParts(sink, new Transforms(sink), Partitioner.of(sink), ObjectEncoder.of(sink)));
        }
        // Uploads wait on the network: more workers than processors keep S3 busy while others encode.
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "tributary-sink-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes a batch.
     *
     * @throws dev.tributary.sink.storage.StorageException if an object cannot be written; the batch must be
     *     delivered again
     */
    public SinkResponse process(List<InputRecord> records) {
        // Decoding, transforming and partitioning are per record: chunks of the batch go to the workers, and their
        // results are put back together in batch order, so every object keeps its records in offset order.
        List<List<InputRecord>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += CHUNK) {
            chunks.add(records.subList(from, Math.min(records.size(), from + CHUNK)));
        }
        List<Placed> placed = parallel(chunks, this::place);
        Map<ObjectGroup, List<Pending>> groups = new LinkedHashMap<>();
        List<DeadLetter> dead = new ArrayList<>();
        int filtered = 0;
        int skipped = 0;
        for (Placed chunk : placed) {
            chunk.rows()
                    .forEach(entry -> groups.computeIfAbsent(entry.group(), g -> new ArrayList<>())
                            .add(entry.pending()));
            dead.addAll(chunk.dead());
            filtered += chunk.filtered();
            skipped += chunk.skipped();
        }
        List<Segment> segments = new ArrayList<>();
        Map<TableGroup, List<Pending>> tables = new LinkedHashMap<>();
        groups.forEach((group, rows) -> {
            if (group.parts().config.format() == SinkConfig.Format.ICEBERG) {
                tables.computeIfAbsent(new TableGroup(group.parts(), group.topic()), t -> new ArrayList<>())
                        .addAll(rows);
            } else {
                segments(rows).forEach(segment -> segments.add(new Segment(group, segment)));
            }
        });
        List<Written> results = new ArrayList<>(parallel(segments, segment -> write(segment.group(), segment.rows())));
        results.addAll(
                parallel(new ArrayList<>(tables.entrySet()), table -> writeTable(table.getKey(), table.getValue())));
        List<String> objects = new ArrayList<>();
        int written = 0;
        for (Written result : results) {
            if (result.object() != null) {
                objects.add(result.object());
            }
            written += result.rows();
            dead.addAll(result.dead());
        }
        parallel(dead, letter -> {
            writeDeadLetter(letter);
            return letter;
        });
        if (!dead.isEmpty()) {
            LOG.warnf(
                    "Wrote %d of %d records to dead-letter prefixes; first reason: %s",
                    dead.size(), records.size(), dead.get(0).reason());
        }
        return new SinkResponse(records.size(), written, dead.size(), filtered, skipped, objects);
    }

    /**
     * Maintains the Iceberg tables of the sinks of format iceberg: compaction, snapshot expiry, orphan files.
     *
     * @param tables the tables as {@code database.table}; empty: all
     */
    public SinkResponse maintain(List<String> tables) {
        return new SinkResponse(0, 0, 0, 0, 0, List.of(), iceberg.maintain(tables, java.time.Clock.systemUTC()));
    }

    /**
     * One topic's rows of an Iceberg sink to its table, in offset order per Kafka partition again (the partitioner
     * grouped them by partition path); rows it refuses go to the dead letters.
     */
    private Written writeTable(TableGroup table, List<Pending> grouped) {
        List<Pending> rows = new ArrayList<>(grouped);
        rows.sort(Comparator.comparingInt((Pending p) -> p.row().partition())
                .thenComparingLong(p -> p.row().offset()));
        IcebergDelivery.Delivered delivered = iceberg.write(
                table.parts().config,
                table.topic(),
                rows.stream().map(Pending::row).toList());
        List<DeadLetter> dead = new ArrayList<>();
        delivered
                .refused()
                .forEach((index, reason) -> dead.add(
                        new DeadLetter(table.parts().config, rows.get(index).source(), reason)));
        return new Written(null, delivered.records(), dead);
    }

    /** A sink, topic and partition path whose object keys fit S3's limit. */
    private record FittingPath(SinkParts parts, String topic, String path) {}

    private Placed place(List<InputRecord> records) {
        Map<String, TransformChain<SinkRecord>> chains = new java.util.HashMap<>();
        try {
            return place(records, chains);
        } finally {
            chains.forEach((sink, chain) -> sinks.get(sink).transforms.release(chain));
        }
    }

    private Placed place(List<InputRecord> records, Map<String, TransformChain<SinkRecord>> chains) {
        ConnectJsonReader reader = READERS.get();
        List<GroupedRow> rows = new ArrayList<>(records.size());
        List<DeadLetter> dead = new ArrayList<>();
        int filtered = 0;
        int skipped = 0;
        // Paths whose object keys are known to fit: most records of a batch share a few paths.
        Set<FittingPath> fittingPaths = new java.util.HashSet<>();
        for (InputRecord record : records) {
            String topic = record.topicPartition().topic();
            List<SinkConfig> takers = pipeline.sinksFor(topic);
            if (takers.isEmpty()) {
                dead.add(new DeadLetter(
                        sinks.values().iterator().next().config,
                        record,
                        "No sink takes topic " + topic + "; add it to a sink's topics or topics-regex"));
                continue;
            }
            SinkRecord sinkRecord;
            try {
                sinkRecord = sinkRecord(reader, record);
            } catch (RuntimeException e) {
                takers.forEach(sink -> dead.add(new DeadLetter(sink, record, reason(e))));
                continue;
            }
            for (SinkConfig sink : takers) {
                SinkParts parts = sinks.get(sink.name());
                try {
                    SinkRecord transformed = parts.transforms.isEmpty()
                            ? sinkRecord
                            : chains.computeIfAbsent(sink.name(), name -> parts.transforms.borrow())
                                    .apply(sinkRecord);
                    if (transformed == null) {
                        filtered++;
                        continue;
                    }
                    if (transformed.value() == null) {
                        if (parts.config.nullValues() == SinkConfig.NullValues.IGNORE) {
                            skipped++;
                            continue;
                        }
                        if (parts.config.nullValues() == SinkConfig.NullValues.FAIL) {
                            dead.add(new DeadLetter(
                                    parts.config,
                                    record,
                                    "The record has a null value (a" + " tombstone), and null-values is fail"));
                            continue;
                        }
                    }
                    LakeRow row = new LakeRow(
                            transformed.keySchema(),
                            transformed.key(),
                            transformed.valueSchema(),
                            transformed.value(),
                            transformed.topic(),
                            record.topicPartition().partition(),
                            record.offset(),
                            record.timestamp(),
                            sourceTime(transformed),
                            DeleteRecords.isDelete(transformed));
                    String path = parts.partitioner.path(row);
                    // Refused here, a record that can never be written goes to the dead letters alone, whatever
                    // records share its object; an object S3 or Parquet refused would fail the batch on every retry.
                    // The key's length varies only with the path (offsets are zero-padded to 10 digits and
                    // extensions per sink), unless an offset outgrows the padding.
                    FittingPath fit = new FittingPath(parts, row.topic(), path);
                    boolean objects = parts.config.format() != SinkConfig.Format.ICEBERG;
                    if (objects && (row.offset() >= 10_000_000_000L || !fittingPaths.contains(fit))) {
                        requireKeyLength(parts, row, path);
                        fittingPaths.add(fit);
                    }
                    parts.encoder.check(row, dropped(parts), parts.config.metadataColumns());
                    rows.add(new GroupedRow(
                            new ObjectGroup(parts, row.topic(), row.partition(), path), new Pending(row, record)));
                } catch (RuntimeException e) {
                    dead.add(new DeadLetter(parts.config, record, reason(e)));
                }
            }
        }
        return new Placed(rows, dead, filtered, skipped);
    }

    /**
     * Refuses a record whose object key would be longer than S3 allows. The record's own offset is at least its
     * object's first offset, so its key is at least as long as the object's.
     */
    private static void requireKeyLength(SinkParts parts, LakeRow row, String path) {
        SinkConfig sink = parts.config;
        String key;
        try {
            key = new ObjectKey(
                            sink.topicsDir(),
                            row.topic(),
                            path,
                            row.partition(),
                            row.offset(),
                            parts.encoder.extension())
                    .key();
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        int length = HivePath.utf8Length(key);
        if (length > MAX_KEY_BYTES) {
            throw new DataException("Cannot write the record to " + abbreviated(key) + " because the object key"
                    + " would be " + length + " bytes of UTF-8, more than S3's " + MAX_KEY_BYTES + "; its partition"
                    + " path is " + HivePath.utf8Length(path) + " bytes");
        }
    }

    /** The fields left out of the rows: a path holds them. An Iceberg table partitions by its columns. */
    private static Set<String> dropped(SinkParts parts) {
        return parts.config.keepPartitionFields() || parts.config.format() == SinkConfig.Format.ICEBERG
                ? Set.of()
                : parts.partitioner.fields();
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** Runs the work on the workers and returns the results in order; the first failure is rethrown. */
    private <T, R> List<R> parallel(List<T> items, java.util.function.Function<T, R> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        List<java.util.concurrent.Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(workers.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (java.util.concurrent.Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static SinkRecord sinkRecord(ConnectJsonReader reader, InputRecord record) {
        SchemaAndValue key = key(reader, record.key());
        SchemaAndValue value;
        try {
            value = reader.read(record.value());
        } catch (DataException e) {
            throw new DataException("Cannot decode the value: " + e.getMessage(), e);
        }
        ConnectHeaders headers = new ConnectHeaders();
        record.headers().forEach(h -> headers.addBytes(h.getKey(), h.getValue()));
        return new SinkRecord(
                record.topicPartition().topic(),
                record.topicPartition().partition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.offset(),
                record.timestamp(),
                record.timestamp() == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                headers);
    }

    /** The row's change time from the poller's header, in epoch microseconds; null without it. */
    private static Long sourceTime(SinkRecord record) {
        org.apache.kafka.connect.header.Header header = record.headers().lastWithName(LakeRow.CHANGE_TIME_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String text = header.value() instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.US_ASCII)
                : header.value().toString();
        try {
            return Instants.micros(text);
        } catch (RuntimeException e) {
            throw new DataException(
                    "Cannot read header " + LakeRow.CHANGE_TIME_HEADER + " '" + text + "' as an ISO-8601 instant");
        }
    }

    /** A key that is not JSON (a Connect StringConverter's, say) is kept as text rather than refused. */
    private static SchemaAndValue key(ConnectJsonReader reader, byte[] bytes) {
        try {
            return reader.read(bytes);
        } catch (DataException e) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Consecutive rows whose schemas merge; a row whose schema cannot join the current ones starts a new object. */
    private static List<List<Pending>> segments(List<Pending> rows) {
        List<List<Pending>> segments = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        Schema value = null;
        Schema key = null;
        for (Pending pending : rows) {
            LakeRow row = pending.row();
            try {
                Schema nextValue = row.valueSchema() == null
                        ? value
                        : value == null ? row.valueSchema() : SchemaMerger.merge(value, row.valueSchema());
                Schema nextKey = row.keySchema() == null
                        ? key
                        : key == null ? row.keySchema() : SchemaMerger.merge(key, row.keySchema());
                value = nextValue;
                key = nextKey;
            } catch (SchemaConflictException e) {
                LOG.infof(
                        "Starting another object at %s+%d+%d: %s",
                        row.topic(), row.partition(), row.offset(), e.getMessage());
                segments.add(current);
                current = new ArrayList<>();
                value = row.valueSchema();
                key = row.keySchema();
            }
            current.add(pending);
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    /**
     * Encodes and uploads one object. Rows are converted one by one before anything is encoded, and a row whose
     * values cannot be written (a decimal beyond its precision, a time that cannot be read) goes to the dead
     * letters alone; the object is then laid out again from the others, so that it has no column only a refused
     * row had. Only a failure to upload fails the batch.
     */
    private Written write(ObjectGroup group, List<Pending> segment) {
        SinkConfig sink = group.parts().config;
        ObjectEncoder encoder = group.parts().encoder;
        List<Pending> rows = segment;
        List<DeadLetter> dead = new ArrayList<>();
        while (!rows.isEmpty()) {
            RowLayout layout;
            try {
                layout = layout(group, rows);
            } catch (RuntimeException e) {
                String reason = "Cannot lay out an object for the records of " + group.topic() + "+" + group.partition()
                        + " at " + group.path() + " because " + reason(e);
                rows.forEach(pending -> dead.add(new DeadLetter(sink, pending.source(), reason)));
                break;
            }
            ObjectEncoder.ObjectWriter writer = encoder.open(layout);
            List<Pending> accepted = new ArrayList<>(rows.size());
            for (Pending pending : rows) {
                try {
                    writer.add(pending.row());
                    accepted.add(pending);
                } catch (RuntimeException e) {
                    dead.add(new DeadLetter(sink, pending.source(), reason(e)));
                }
            }
            if (accepted.size() < rows.size()) {
                rows = accepted;
                continue;
            }
            ObjectKey objectKey = new ObjectKey(
                    sink.topicsDir(),
                    group.topic(),
                    group.path(),
                    group.partition(),
                    rows.get(0).row().offset(),
                    encoder.extension());
            S3Location location = new S3Location(sink.bucket(), objectKey.key());
            store.put(location, writer.finish(), encoder.contentType(), encoder.metadata(layout));
            return new Written(location.toString(), rows.size(), dead);
        }
        return new Written(null, 0, dead);
    }

    private static RowLayout layout(ObjectGroup group, List<Pending> rows) {
        Schema value = null;
        Schema key = null;
        boolean tombstones = false;
        for (Pending pending : rows) {
            LakeRow row = pending.row();
            if (row.valueSchema() != null) {
                value = value == null ? row.valueSchema() : SchemaMerger.merge(value, row.valueSchema());
            }
            if (row.keySchema() != null) {
                key = key == null ? row.keySchema() : SchemaMerger.merge(key, row.keySchema());
            }
            tombstones |= row.value() == null;
        }
        return RowLayout.of(
                value, key, dropped(group.parts()), group.parts().config.metadataColumns(), tombstones);
    }

    private void writeDeadLetter(DeadLetter letter) {
        InputRecord record = letter.record();
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", letter.reason());
        body.put("topic", record.topicPartition().topic());
        body.put("partition", record.topicPartition().partition());
        body.put("offset", record.offset());
        if (record.timestamp() != null) {
            body.put("timestamp", record.timestamp());
        }
        Base64.Encoder base64 = Base64.getEncoder();
        body.put("key", record.key() == null ? null : base64.encodeToString(record.key()));
        body.put("value", record.value() == null ? null : base64.encodeToString(record.value()));
        ObjectNode headers = body.putObject("headers");
        record.headers()
                .forEach(h ->
                        headers.put(h.getKey(), h.getValue() == null ? null : base64.encodeToString(h.getValue())));
        String key =
                letter.sink().deadLetterPrefix() + "/" + record.topicPartition().topic() + "/"
                        + record.topicPartition().partition() + "/" + String.format("%010d", record.offset()) + ".json";
        try {
            store.put(
                    new S3Location(letter.sink().bucket(), key),
                    JSON.writeValueAsBytes(body),
                    "application/json",
                    Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof DataException || e instanceof dev.tributary.sink.partition.PartitionException
                ? message
                : e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void close() {
        sinks.values().forEach(p -> p.transforms.close());
        iceberg.close();
        workers.shutdown();
    }

    private record SinkParts(
            SinkConfig config, Transforms transforms, Partitioner partitioner, ObjectEncoder encoder) {}

    /**
     * A sink's transforms, one chain per worker at a time: Kafka's transforms are written for a Connect task's
     * single thread, and some keep state that is not thread-safe (TimestampConverter's SimpleDateFormat), so chunks
     * transformed in parallel must not share a chain. Chains are reused across chunks and batches.
     */
    private static final class Transforms implements AutoCloseable {
        private final SinkConfig sink;
        private final boolean empty;
        private final java.util.concurrent.ConcurrentLinkedQueue<TransformChain<SinkRecord>> idle =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.Queue<TransformChain<SinkRecord>> all =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** @throws ConfigException if the transforms are invalid: the first chain is made at once to find out */
        Transforms(SinkConfig sink) {
            this.sink = sink;
            TransformChain<SinkRecord> first = TransformChain.of(sink.transforms());
            this.empty = first.isEmpty();
            all.add(first);
            idle.add(first);
        }

        boolean isEmpty() {
            return empty;
        }

        /** A chain no other thread uses until it is released. */
        TransformChain<SinkRecord> borrow() {
            TransformChain<SinkRecord> chain = idle.poll();
            if (chain == null) {
                chain = TransformChain.of(sink.transforms());
                all.add(chain);
            }
            return chain;
        }

        void release(TransformChain<SinkRecord> chain) {
            idle.add(chain);
        }

        @Override
        public void close() {
            all.forEach(TransformChain::close);
        }
    }

    private record ObjectGroup(SinkParts parts, String topic, int partition, String path) {}

    private record DeadLetter(SinkConfig sink, InputRecord record, String reason) {}

    /** A row on its way to an object, with the record it came from, for its dead letter. */
    private record Pending(LakeRow row, InputRecord source) {}

    private record GroupedRow(ObjectGroup group, Pending pending) {}

    private record Written(String object, int rows, List<DeadLetter> dead) {}

    private record Placed(List<GroupedRow> rows, List<DeadLetter> dead, int filtered, int skipped) {}

    private record Segment(ObjectGroup group, List<Pending> rows) {}

    /** One topic of an Iceberg sink: one table. */
    private record TableGroup(SinkParts parts, String topic) {}
}
