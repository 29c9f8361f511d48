package dev.tributary.sink.iceberg;

import dev.tributary.core.pipeline.IcebergConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.AwsClientFactories;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.CreateTableOptimizerRequest;
import software.amazon.awssdk.services.glue.model.TableOptimizerConfiguration;
import software.amazon.awssdk.services.glue.model.TableOptimizerType;

/**
 * Turns on Glue's managed table optimizers for a table the sink just created (CreateTableOptimizer), as a sink's
 * {@code iceberg.glue-optimizers} asks, running as its {@code optimizer-role}. The Glue client is Iceberg's own, made
 * from the same catalog properties (endpoint, region, credentials, HTTP client) as the catalog's.
 */
final class GlueOptimizers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GlueOptimizers.class);
    private static final Duration DAY = Duration.ofDays(1);

    private final Map<String, String> properties;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private GlueClient glue;

    /** @param properties the Iceberg catalog properties the sink's tables are reached with */
    GlueOptimizers(Map<String, String> properties) {
        this.properties = properties;
    }

    /**
     * The requests for a table's optimizers. Retention keeps snapshots a day longer than the sink's own
     * snapshot-retention, so that Glue never expires a snapshot before the sink's maintenance has carried its offsets
     * into a newer one.
     */
    static List<CreateTableOptimizerRequest> requests(
            String catalogId, String database, String table, String location, IcebergConfig config) {
        String role = config.optimizerRole().orElseThrow();
        return config.glueOptimizers().stream()
                .map(type -> CreateTableOptimizerRequest.builder()
                        .catalogId(catalogId)
                        .databaseName(database)
                        .tableName(table)
                        .type(TableOptimizerType.fromValue(type))
                        .tableOptimizerConfiguration(configuration(type, role, location, config))
                        .build())
                .toList();
    }

    private static TableOptimizerConfiguration configuration(
            String type, String role, String location, IcebergConfig config) {
        TableOptimizerConfiguration.Builder builder =
                TableOptimizerConfiguration.builder().roleArn(role).enabled(true);
        return switch (TableOptimizerType.fromValue(type)) {
            case RETENTION ->
                builder.retentionConfiguration(r -> r.icebergConfiguration(
                                i -> i.snapshotRetentionPeriodInDays(days(config.snapshotRetention()) + 1)
                                        .numberOfSnapshotsToRetain(1)
                                        .cleanExpiredFiles(true)))
                        .build();
            case ORPHAN_FILE_DELETION ->
                builder.orphanFileDeletionConfiguration(o ->
                                o.icebergConfiguration(i -> i.orphanFileRetentionPeriodInDays(days(config.orphanAge()))
                                        .location(location)))
                        .build();
            default ->
                builder.compactionConfiguration(c -> c.icebergConfiguration(i -> i.strategy("binpack")))
                        .build();
        };
    }

    /** A duration in whole days, rounded up. */
    private static int days(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + DAY.toMillis() - 1) / DAY.toMillis());
    }

    /**
     * Makes sure the table's optimizers exist, once per table in this sandbox: each is created, and one that exists
     * already (another invocation's) is left as it is.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException if Glue refuses one (the role cannot be passed,
     *     say): the batch fails and is delivered again, which tries again
     */
    void ensure(Table table, IcebergConfig config) {
        if (config.glueOptimizers().isEmpty() || ensured.contains(table.name())) {
            return;
        }
        String[] name = table.name().split("\\.");
        String database = name[name.length - 2];
        String tableName = name[name.length - 1];
        GlueClient glue = glue();
        String catalogId = glue.getTable(b -> b.databaseName(database).name(tableName))
                .table()
                .catalogId();
        for (CreateTableOptimizerRequest request : requests(catalogId, database, tableName, table.location(), config)) {
            try {
                glue.createTableOptimizer(request);
                LOG.infof("Glue optimizer %s turned on for Iceberg table %s", request.typeAsString(), table.name());
            } catch (AlreadyExistsException e) {
                LOG.debugf("Glue optimizer %s of %s exists already", request.typeAsString(), table.name());
            }
        }
        ensured.add(table.name());
    }

    private synchronized GlueClient glue() {
        if (glue == null) {
            glue = AwsClientFactories.from(properties).glue();
        }
        return glue;
    }

    @Override
    public synchronized void close() {
        if (glue != null) {
            glue.close();
        }
    }
}
