package dev.tributary.catalog;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.glue.ColumnEvolution;
import dev.tributary.catalog.glue.CurrentStateView;
import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.catalog.schema.ObjectColumns;
import dev.tributary.catalog.schema.ObjectSchemas;
import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.CatalogConfig;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keeps the Glue catalog in step with the lake: for each data object, its table exists with every column (new
 * ones appended, none dropped), its partition is registered, and its current-state view is up to date. Safe to run
 * twice on the same object, and concurrently: every change is conditional or idempotent.
 */
public final class CatalogService {

    private static final Logger LOG = Logger.getLogger(CatalogService.class);
    /** Partitions a resync holds before registering them: bounds its memory whatever the prefix holds. */
    static final int RESYNC_PARTITIONS = 1_000;

    private final PipelineConfig pipeline;
    private final CatalogConfig config;
    private final S3Client s3;
    private final ObjectSchemas schemas;
    private final GlueCatalog glue;
    /** Partitions known to exist, per table: a warm container skips Glue for objects of known partitions. */
    private final Map<String, Set<List<String>>> knownPartitions = new ConcurrentHashMap<>();
    /** Tables as last read or written: an object whose columns a table already has needs no Glue call for them. */
    private final Map<String, Table> knownTables = new ConcurrentHashMap<>();

    private volatile boolean databaseReady;

    public CatalogService(PipelineConfig pipeline, S3Client s3, GlueCatalog glue) {
        this.pipeline = pipeline;
        this.config = pipeline.catalog();
        this.s3 = s3;
        this.schemas = new ObjectSchemas(s3);
        this.glue = glue;
    }

    /** Registers the objects an event announces, or resyncs a prefix. */
    public CatalogResponse handle(CatalogEvent event) {
        Outcome outcome = new Outcome();
        if (event.resync() != null) {
            resync(event.resync(), outcome);
        } else {
            List<CatalogEvent.Created> objects = event.createdObjects();
            if (objects.isEmpty()) {
                throw new IllegalArgumentException("Cannot read the event: it is neither an S3 Object Created event"
                        + " (from EventBridge or an S3 notification) nor {\"resync\": {\"prefix\": …}}");
            }
            for (CatalogEvent.Created created : objects) {
                Optional<LakeObject> object = resolve(created);
                if (object.isEmpty()) {
                    outcome.ignored(created.location());
                    continue;
                }
                outcome.object(object.get().location());
                register(List.of(object.get()), outcome);
            }
        }
        return outcome.response();
    }

    /**
     * The data object an event announces: its key as given, else its URL-decoded key. A data object's name has
     * {@code +} between topic, Kafka partition and offset, which decoding turns into spaces (and an encoded name has
     * {@code %2B} there), so at most one of the two names is a data object's: the one the object has. Trying the
     * decoded name only when the given one is not a data object's name does what a retry after NoSuchKey would,
     * without the failed GET.
     */
    private Optional<LakeObject> resolve(CatalogEvent.Created created) {
        Optional<LakeObject> object = LakeObject.resolve(created.location(), pipeline);
        if (object.isEmpty() && created.ifUrlEncoded().isPresent()) {
            return LakeObject.resolve(created.ifUrlEncoded().get(), pipeline);
        }
        return object;
    }

    /** Lists a prefix and registers whatever is missing, like MSCK REPAIR TABLE. */
    private void resync(CatalogEvent.Resync resync, Outcome outcome) {
        if (resync.prefix() == null) {
            throw new IllegalArgumentException(
                    "Cannot resync: the request has no resync.prefix, such as" + " \"topics/pagila.query/\"");
        }
        Set<String> buckets = new LinkedHashSet<>();
        for (SinkConfig sink : pipeline.sinks()) {
            if (resync.bucket() == null || resync.bucket().equals(sink.bucket())) {
                buckets.add(sink.bucket());
            }
        }
        for (String bucket : buckets) {
            try {
                resync(bucket, resync.prefix(), outcome);
            } catch (SdkException e) {
                throw new CatalogException(
                        AwsFailures.kind(e),
                        "Cannot list s3://" + bucket + "/" + resync.prefix()
                                + " because " + AwsFailures.describe(e)
                                + (AwsFailures.accessDenied(e)
                                        ? "; allow the" + " catalog's role s3:ListBucket on it"
                                        : ""),
                        e);
            }
        }
    }

    /**
     * Registers what a bucket holds under a prefix. The listing streams page by page; only the newest object of each
     * partition not yet registered is held, and S3 lists a partition's objects together, so a partition is complete
     * when the next begins.
     */
    private void resync(String bucket, String prefix, Outcome outcome) {
        Map<String, Listed> pending = new LinkedHashMap<>();
        for (S3Object listed :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            S3Location location = new S3Location(bucket, listed.key());
            Optional<LakeObject> object = LakeObject.resolve(location, pipeline);
            if (object.isEmpty()) {
                outcome.ignored(location);
                continue;
            }
            outcome.object(location);
            String partition = object.get().table() + " " + object.get().key().topic() + " "
                    + object.get().key().partitionPath();
            if (!pending.containsKey(partition) && pending.size() >= RESYNC_PARTITIONS) {
                registerNewest(pending.values(), outcome);
                pending.clear();
            }
            pending.merge(partition, new Listed(object.get(), listed.lastModified()), Listed::newer);
        }
        registerNewest(pending.values(), outcome);
    }

    /**
     * Registers the newest object of each partition, one footer per partition: the newest holds the partition's
     * latest schema. One topic at a time: a topic whose name maps to another topic's table must not take its objects.
     */
    private void registerNewest(java.util.Collection<Listed> newest, Outcome outcome) {
        Map<String, List<LakeObject>> byTopic = new LinkedHashMap<>();
        for (Listed listed : newest) {
            byTopic.computeIfAbsent(
                            listed.object().table() + " "
                                    + listed.object().key().topic(),
                            k -> new ArrayList<>())
                    .add(listed.object());
        }
        byTopic.values().forEach(objects -> register(objects, outcome));
    }

    /** A listed data object and when it was last written. */
    private record Listed(LakeObject object, java.time.Instant lastModified) {

        private static final Comparator<Listed> NEWEST_LAST = Comparator.comparing(
                        Listed::lastModified, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(l -> l.object().key().startOffset())
                .thenComparingInt(l -> l.object().key().kafkaPartition());

        /**
         * The one written last. The key cannot tell: its greatest Kafka partition is not the newest object, and its
         * offsets, padded to ten digits, sort wrongly from eleven on. Ties fall to the greater offset.
         */
        static Listed newer(Listed a, Listed b) {
            return NEWEST_LAST.compare(a, b) >= 0 ? a : b;
        }
    }

    /**
     * Registers objects of one topic: its table and columns, then their partitions, then the view. The columns of
     * objects whose types were inferred from text (JSON written before sinks declared types) are taken first, those
     * of objects with their written types last, so that these have the last word.
     */
    private void register(List<LakeObject> announced, Outcome outcome) {
        List<LakeObject> objects = new ArrayList<>();
        Map<Boolean, List<Column>> columnsByExactness = new TreeMap<>();
        for (LakeObject object : announced) {
            Optional<ObjectColumns> read = columnsOf(object, outcome);
            if (read.isEmpty()) {
                continue;
            }
            objects.add(object);
            List<Column> columns = columnsByExactness.computeIfAbsent(read.get().exact(), k -> new ArrayList<>());
            for (Column column : read.get().columns()) {
                if (columns.stream().noneMatch(c -> c.name().equals(column.name()))) {
                    columns.add(column);
                }
            }
        }
        if (objects.isEmpty()) {
            return;
        }
        LakeObject first = objects.get(0);
        String table = first.table();
        Set<List<String>> known = knownPartitions.computeIfAbsent(table, k -> ConcurrentHashMap.newKeySet());
        ensureDatabase();
        Table cached = knownTables.get(table);
        Table current = cached;
        for (Map.Entry<Boolean, List<Column>> read : columnsByExactness.entrySet()) {
            if (current == null
                    || !(holdsOtherTopic(current, first)
                            || TableShapes.fits(current, read.getValue(), first, read.getKey()))) {
                current = ensureTable(first, read.getValue(), read.getKey(), outcome);
            }
        }
        if (holdsOtherTopic(current, first)) {
            knownTables.put(table, current);
            reportOtherTopic(current, objects, outcome);
            return;
        }
        if (current != cached) {
            current = alignPartitions(current, false, outcome);
        }
        knownTables.put(table, current);
        List<String> partitionKeys =
                current.partitionKeys().stream().map(c -> c.name()).toList();
        List<PartitionInput> partitions = new ArrayList<>();
        for (LakeObject object : objects) {
            List<String> keys = new ArrayList<>(object.partitionValues().keySet());
            if (!keys.equals(partitionKeys)) {
                String problem = "Cannot register the partition of " + object.location() + " because its path"
                        + " has partition keys " + keys + " while table " + table + " has " + partitionKeys;
                outcome.problem(problem);
                LOG.warn(problem);
                continue;
            }
            List<String> values = List.copyOf(object.partitionValues().values());
            if (!partitionKeys.isEmpty() && !known.contains(values)) {
                partitions.add(TableShapes.partition(current, object, values));
            }
        }
        if (!partitions.isEmpty()) {
            outcome.partitionsCreated += glue.createPartitions(config.database(), table, partitions);
            partitions.forEach(p -> known.add(List.copyOf(p.values())));
            // The new partitions have the columns of the table as last read, or as cached by this container: another
            // invocation may have evolved it since, and updated the partitions that existed then.
            Table latest = glue.table(config.database(), table).orElse(current);
            if (!TableShapes.columns(latest).equals(TableShapes.columns(current))) {
                current = alignPartitions(latest, true, outcome);
                knownTables.put(table, current);
            }
        }
        if (config.views() && current != cached) {
            view(current, partitionKeys, outcome);
        }
    }

    /**
     * The columns of an object; empty, with the reason in the response, for an object that is gone or is not what
     * its name says, since no retry would help. Failures to read it are thrown ({@link CatalogException}).
     */
    private Optional<ObjectColumns> columnsOf(LakeObject object, Outcome outcome) {
        String problem;
        try {
            ObjectColumns read = schemas.columns(object);
            for (String leftOut : read.leftOut()) {
                String partly = "Cannot register " + object.location() + " entirely because its " + leftOut;
                if (outcome.problem(partly)) {
                    LOG.warn(partly);
                }
            }
            return Optional.of(read);
        } catch (NoSuchKeyException e) {
            problem = "Cannot register " + object.location() + " because it no longer exists";
        } catch (IllegalArgumentException e) {
            problem = "Cannot register " + object.location() + " because its schema cannot be read: " + e.getMessage();
        }
        outcome.problem(problem);
        LOG.warn(problem);
        return Optional.empty();
    }

    private static boolean holdsOtherTopic(Table table, LakeObject object) {
        return TableShapes.otherTopic(table, object.key().topic()).isPresent();
    }

    /**
     * Reports objects whose topic maps to the name of a table that holds another topic: registering them would mix
     * two topics in one table, so they are left out until one sink names its tables differently.
     */
    private void reportOtherTopic(Table table, List<LakeObject> objects, Outcome outcome) {
        LakeObject first = objects.get(0);
        String problem = "Cannot register "
                + (objects.size() == 1
                        ? first.location().toString()
                        : objects.size() + " objects such as " + first.location())
                + " because topic " + first.key().topic()
                + " maps to table " + config.database() + "." + table.name() + ", which holds topic "
                + TableShapes.otherTopic(table, first.key().topic()).orElseThrow() + "; give the topics different"
                + " table names with the sinks' table-name setting (topics of one sink whose names differ only in"
                + " '.', '-' or case need sinks of their own)";
        outcome.problem(problem);
        LOG.error(problem);
    }

    /**
     * The table, created if missing, with the objects' new columns appended (retried on a concurrent change); a
     * table that holds another topic is returned unchanged.
     */
    private Table ensureTable(LakeObject object, List<Column> columns, boolean declared, Outcome outcome) {
        String table = object.table();
        int lost = 0;
        while (lost < GlueCatalog.CONFLICT_ATTEMPTS) {
            Optional<Table> existing = glue.table(config.database(), table);
            if (existing.isEmpty()) {
                List<String> partitionKeys =
                        new ArrayList<>(object.partitionValues().keySet());
                if (glue.createTable(config.database(), TableShapes.table(object, columns, partitionKeys, declared))) {
                    outcome.tablesCreated.add(config.database() + "." + table);
                    LOG.infof(
                            "Created table %s.%s for topic %s",
                            config.database(), table, object.key().topic());
                }
                continue;
            }
            Table current = existing.get();
            if (holdsOtherTopic(current, object)) {
                return current;
            }
            ColumnEvolution.Evolution evolution = TableShapes.evolution(current, columns, object, declared);
            evolution.conflicts().forEach(conflict -> {
                String problem = "Table " + config.database() + "." + table + ": " + conflict;
                if (outcome.problem(problem)) {
                    LOG.warn(problem);
                }
            });
            if (TableShapes.takesAsIs(current, object, declared, evolution)) {
                return current;
            }
            if (glue.updateTable(
                    config.database(),
                    TableShapes.withColumns(current, evolution.columns(), object, declared),
                    current.versionId())) {
                evolution.added().forEach(c -> outcome.columnsAdded.add(table + "." + c));
                evolution.widened().forEach(c -> outcome.columnsAdded.add(table + "." + c));
                LOG.infof(
                        "Table %s.%s: added %s, widened %s",
                        config.database(), table, evolution.added(), evolution.widened());
            } else {
                GlueCatalog.backOff(++lost);
            }
        }
        throw new CatalogException(
                Kind.RETRIABLE,
                "Cannot bring table " + config.database() + "." + table + " up to date because concurrent changes won "
                        + lost + " times in a row",
                null);
    }

    /**
     * Gives the table's partitions the table's data columns, where they have older ones: Athena reads a partition
     * with its own columns. Done when the table does not record that its partitions have its columns (after an
     * UpdateTable added or widened columns, or in a table written before partitions were kept up to date), or when
     * {@code force}d (partitions just created from a table that has changed since). The table records it afterwards,
     * with an UpdateTable conditional on the version whose columns the partitions were given; a concurrent change
     * sends it round again with the new columns. Every partition update is idempotent and never narrows a partition
     * that has newer columns, so concurrent invocations converge on the latest columns.
     *
     * @return the table as read last
     */
    private Table alignPartitions(Table table, boolean force, Outcome outcome) {
        String name = table.name();
        Table current = table;
        boolean again = force;
        for (int attempt = 1; attempt <= GlueCatalog.CONFLICT_ATTEMPTS; attempt++) {
            if (current.partitionKeys().isEmpty() || (!again && TableShapes.partitionsCurrent(current))) {
                return current;
            }
            List<Column> columns = TableShapes.columns(current);
            boolean json = TableShapes.isJson(current);
            int updated = glue.updatePartitions(
                    config.database(), name, partition -> TableShapes.withColumns(partition, columns, json));
            outcome.partitionsUpdated += updated;
            if (updated > 0) {
                LOG.infof("Table %s.%s: gave %d partitions the table's columns", config.database(), name, updated);
            }
            if (!TableShapes.partitionsCurrent(current)) {
                if (glue.updateTable(
                        config.database(), TableShapes.withPartitionsCurrent(current), current.versionId())) {
                    return glue.table(config.database(), name).orElse(current);
                }
                GlueCatalog.backOff(attempt);
            }
            Optional<Table> after = glue.table(config.database(), name);
            if (after.isEmpty()) {
                return current;
            }
            again = !TableShapes.columns(after.get()).equals(columns);
            current = after.get();
            if (!again && TableShapes.partitionsCurrent(current)) {
                return current;
            }
        }
        throw new CatalogException(
                Kind.RETRIABLE,
                "Cannot bring the partitions of table " + config.database() + "."
                        + name + " up to date with its columns because concurrent changes won "
                        + GlueCatalog.CONFLICT_ATTEMPTS + " times in a row",
                null);
    }

    private void view(Table table, List<String> partitionKeys, Outcome outcome) {
        List<Column> data = TableShapes.columns(table);
        Optional<String> sql = CurrentStateView.sql(config.database(), table.name(), data, partitionKeys);
        if (sql.isEmpty()) {
            return;
        }
        String name = table.name() + config.viewSuffix();
        GlueCatalog.ViewOutcome result = glue.putView(
                config.database(),
                CurrentStateView.tableInput(
                        name,
                        config.database(),
                        table,
                        sql.get(),
                        CurrentStateView.visibleColumns(
                                data,
                                table.partitionKeys().stream()
                                        .map(k -> new Column(k.name(), k.type()))
                                        .toList())));
        if (result == GlueCatalog.ViewOutcome.WRITTEN) {
            outcome.views.add(config.database() + "." + name);
        } else if (result == GlueCatalog.ViewOutcome.FOREIGN) {
            String problem = "Cannot write view " + config.database() + "." + name + " because a table or view"
                    + " that Tributary did not create has that name; rename it or set catalog.view-suffix";
            if (outcome.problem(problem)) {
                LOG.warn(problem);
            }
        }
    }

    private void ensureDatabase() {
        if (databaseReady) {
            return;
        }
        if (!glue.databaseExists(config.database())) {
            if (!config.createDatabase()) {
                throw new CatalogException(
                        Kind.PERMANENT,
                        "Cannot register tables because Glue database "
                                + config.database() + " does not exist and catalog.create-database is false; create the"
                                + " database, or set catalog.create-database to true",
                        null);
            }
            glue.createDatabase(config.database());
        }
        databaseReady = true;
    }
}
