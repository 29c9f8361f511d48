package dev.tributary.sink.iceberg;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * The sink's Iceberg tables, through Apache Iceberg's Glue catalog and S3 file I/O: format version 2, Parquet with the
 * sink's codec. A table is created at its first batch and takes the columns of every later one: new columns added,
 * types widened as Iceberg promotes them (int to long, float to double, a decimal's precision), anything else refused
 * with the reason. An upsert table keeps an unpartitioned spec beside its partitioned one, for its global equality
 * deletes ({@link IcebergFiles}).
 */
public final class IcebergTables implements AutoCloseable {

    /** Table property: upsert or append; a table without it is not one of Tributary's. */
    public static final String MODE = "tributary.mode";
    /** Table property: the sink that keeps the table. */
    public static final String SINK = "tributary.sink";
    /** Table property: the topic the table holds. */
    public static final String TOPIC = "tributary.topic";

    private final GlueCatalog catalog = new GlueCatalog();

    /** @param properties Iceberg catalog properties ({@link #properties}) */
    public IcebergTables(Map<String, String> properties) {
        catalog.initialize("glue", properties);
    }

    /**
     * Catalog properties: the warehouse, url-connection HTTP clients (as the functions' other clients), and the
     * endpoints of {@code AWS_ENDPOINT_URL_GLUE} and {@code AWS_ENDPOINT_URL_S3} when set (path-style S3, as local
     * servers need).
     */
    public static Map<String, String> properties(String warehouse, Map<String, String> env) {
        Map<String, String> properties = new HashMap<>();
        properties.put("warehouse", warehouse);
        properties.put("http-client.type", "urlconnection");
        String glue = env.getOrDefault("AWS_ENDPOINT_URL_GLUE", env.get("AWS_ENDPOINT_URL"));
        if (glue != null) {
            properties.put("glue.endpoint", glue);
        }
        String s3 = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
        if (s3 != null) {
            properties.put("s3.endpoint", s3);
            properties.put("s3.path-style-access", "true");
        }
        return properties;
    }

    /**
     * The table, created if missing, with the rows' columns.
     *
     * @param rows the schema of the batch's rows ({@link IcebergSchemas})
     * @param partitioning the partition spec's terms ({@link IcebergPartitioning}); empty for none
     * @param codec the Parquet codec (Iceberg's name: snappy, gzip, zstd, uncompressed)
     * @param properties properties a new table is created with beside Tributary's own (its sink and topic)
     * @throws IllegalArgumentException if the rows' columns cannot evolve the table's, saying which and why
     */
    public Table table(
            TableIdentifier id, Schema rows, List<Term> partitioning, String codec, Map<String, String> properties) {
        Table table;
        try {
            table = catalog.loadTable(id);
        } catch (NoSuchTableException e) {
            table = create(id, rows, partitioning, codec, properties);
        }
        evolve(table, rows);
        return table;
    }

    private Table create(
            TableIdentifier id, Schema rows, List<Term> partitioning, String codec, Map<String, String> extra) {
        boolean upsert = !rows.identifierFieldIds().isEmpty();
        Map<String, String> properties = new HashMap<>(extra);
        properties.putAll(Map.of(
                TableProperties.FORMAT_VERSION,
                "2",
                TableProperties.PARQUET_COMPRESSION,
                codec,
                TableProperties.COMMIT_NUM_RETRIES,
                "20",
                TableProperties.COMMIT_MIN_RETRY_WAIT_MS,
                "20",
                TableProperties.COMMIT_MAX_RETRY_WAIT_MS,
                "2000",
                TableProperties.COMMIT_TOTAL_RETRY_TIME_MS,
                "60000",
                // Every invocation commits: metadata files older than the last 20 go at once, not as orphans.
                TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
                "true",
                TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
                "20",
                MODE,
                upsert ? "upsert" : "append"));
        try {
            // A table starts unpartitioned, so that its first spec is the one an upsert table's global equality
            // deletes use, and is then partitioned.
            Table table = catalog.buildTable(id, rows)
                    .withPartitionSpec(PartitionSpec.unpartitioned())
                    .withProperties(properties)
                    .create();
            if (!partitioning.isEmpty()) {
                UpdatePartitionSpec update = table.updateSpec();
                partitioning.forEach(update::addField);
                update.commit();
            }
            return table;
        } catch (AlreadyExistsException e) {
            // Another invocation created it first.
            return catalog.loadTable(id);
        }
    }

    /** Adds the rows' new columns and widens types; refuses other changes, naming them. */
    private static void evolve(Table table, Schema rows) {
        Schema current = table.schema();
        boolean changes = false;
        for (Types.NestedField field : rows.columns()) {
            Types.NestedField existing = current.findField(field.name());
            if (existing == null) {
                changes = true;
            } else if (!existing.type().equals(field.type())) {
                if (isWidening(existing.type(), field.type())) {
                    changes = true;
                } else if (!isWidening(field.type(), existing.type())
                        && !(existing.type().isNestedType() && field.type().isNestedType())) {
                    throw new IllegalArgumentException("Cannot write column " + field.name() + " to Iceberg table "
                            + table.name() + " because it is " + field.type() + " in the records but "
                            + existing.type() + " in the table, and Iceberg cannot change one into the other;"
                            + " write the new type to a new column, or to a new table");
                } else if (existing.type().isNestedType()) {
                    changes = true;
                }
            }
        }
        if (changes) {
            try {
                table.updateSchema().unionByNameWith(rows).commit();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Cannot evolve Iceberg table " + table.name() + " to the records'" + " columns because "
                                + e.getMessage(),
                        e);
            }
            table.refresh();
        }
    }

    /** Whether Iceberg promotes {@code from} to {@code to} (int to long, float to double, a decimal's precision). */
    private static boolean isWidening(Type from, Type to) {
        return from.isPrimitiveType()
                && to.isPrimitiveType()
                && TypeUtil.isPromotionAllowed(from, to.asPrimitiveType());
    }

    /** The catalog, for maintenance and tests. */
    public GlueCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() throws Exception {
        catalog.close();
    }
}
