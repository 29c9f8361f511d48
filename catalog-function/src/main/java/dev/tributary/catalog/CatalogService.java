package dev.tributary.catalog;

import dev.tributary.catalog.glue.GlueCatalog;
import dev.tributary.catalog.glue.TableShapes;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.catalog.schema.ObjectSchemas;
import dev.tributary.core.pipeline.CatalogConfig;
import dev.tributary.core.pipeline.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keeps the Glue catalog in step with the lake: for each data object, its table exists with every column (new
 * ones appended, none dropped), its partition is registered, and its current-state view is up to date. Safe to run
 * twice on the same object, and concurrently: every change is conditional or idempotent. Orchestrates; the policies
 * are {@link AnnouncedColumns}, {@link TableKeeper}, {@link PartitionAlignment}, {@link ViewWriter} and
 * {@link PrefixResync}.
 */
public final class CatalogService {

    private static final Logger LOG = Logger.getLogger(CatalogService.class);

    private final PipelineConfig pipeline;
    private final CatalogConfig config;
    private final GlueCatalog glue;
    private final AnnouncedColumns columns;
    private final TableKeeper tables;
    private final PartitionAlignment alignment;
    private final ViewWriter views;
    private final PrefixResync resync;
    /** Partitions known to exist, per table: a warm container skips Glue for objects of known partitions. */
    private final Map<String, Set<List<String>>> knownPartitions = new ConcurrentHashMap<>();
    /** Tables as last read or written: an object whose columns a table already has needs no Glue call for them. */
    private final Map<String, Table> knownTables = new ConcurrentHashMap<>();

    public CatalogService(PipelineConfig pipeline, S3Client s3, GlueCatalog glue) {
        this.pipeline = pipeline;
        this.config = pipeline.catalog();
        this.glue = glue;
        this.columns = new AnnouncedColumns(new ObjectSchemas(s3));
        this.tables = new TableKeeper(config, glue);
        this.alignment = new PartitionAlignment(config, glue);
        this.views = new ViewWriter(config, glue);
        this.resync = new PrefixResync(pipeline, s3, this::register);
    }

    /** Registers the objects an event announces, or resyncs a prefix. */
    public CatalogResponse handle(CatalogEvent event) {
        Outcome outcome = new Outcome();
        if (event.resync() != null) {
            resync.resync(event.resync(), outcome);
            return outcome.response();
        }
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

    /** Registers objects of one topic: its table and columns, then their partitions, then the view. */
    private void register(List<LakeObject> announced, Outcome outcome) {
        AnnouncedColumns.Read read = columns.of(announced, outcome);
        if (read.objects().isEmpty()) {
            return;
        }
        List<LakeObject> objects = read.objects();
        LakeObject first = objects.get(0);
        String table = first.table();
        tables.ensureDatabase();
        Table cached = knownTables.get(table);
        Table current = cached;
        for (Map.Entry<Boolean, List<Column>> columnsRead : read.byExactness().entrySet()) {
            if (current == null
                    || !(TableKeeper.holdsOtherTopic(current, first)
                            || TableShapes.fits(current, columnsRead.getValue(), first, columnsRead.getKey()))) {
                current = tables.ensure(first, columnsRead.getValue(), columnsRead.getKey(), outcome);
            }
        }
        if (TableKeeper.holdsOtherTopic(current, first)) {
            knownTables.put(table, current);
            reportOtherTopic(current, objects, outcome);
            return;
        }
        if (current != cached) {
            current = alignment.align(current, false, outcome);
        }
        knownTables.put(table, current);
        List<String> partitionKeys =
                current.partitionKeys().stream().map(c -> c.name()).toList();
        current = registerPartitions(current, partitionKeys, objects, outcome);
        if (config.views() && current != cached) {
            views.write(current, partitionKeys, outcome);
        }
    }

    /**
     * Creates the partitions of objects not known to exist, and gives them the table's latest columns.
     *
     * @return the table as read last
     */
    private Table registerPartitions(
            Table current, List<String> partitionKeys, List<LakeObject> objects, Outcome outcome) {
        String table = current.name();
        Set<List<String>> known = knownPartitions.computeIfAbsent(table, k -> ConcurrentHashMap.newKeySet());
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
        if (partitions.isEmpty()) {
            return current;
        }
        outcome.partitionsCreated += glue.createPartitions(config.database(), table, partitions);
        partitions.forEach(p -> known.add(List.copyOf(p.values())));
        // The new partitions have the columns of the table as last read, or as cached by this container: another
        // invocation may have evolved it since, and updated the partitions that existed then.
        Table latest = glue.table(config.database(), table).orElse(current);
        if (TableShapes.columns(latest).equals(TableShapes.columns(current))) {
            return current;
        }
        Table aligned = alignment.align(latest, true, outcome);
        knownTables.put(table, aligned);
        return aligned;
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
}
