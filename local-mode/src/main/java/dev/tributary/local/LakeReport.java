package dev.tributary.local;

import dev.tributary.core.lake.PrestoView;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What is in the lake and the catalog after a run: objects per topic, Glue tables and their partitions. */
final class LakeReport {

    private final S3Client s3;
    private final GlueClient glue;
    private final Path lakeDirectory;

    LakeReport(S3Client s3, GlueClient glue, Path lakeDirectory) {
        this.s3 = s3;
        this.glue = glue;
        this.lakeDirectory = lakeDirectory;
    }

    /** The catalog's listing as text, with its totals for the summary line. */
    record CatalogListing(String text, int tables, long partitions) {}

    /** Objects per topic directory (and dead letters), per bucket. */
    String objects(List<String> buckets, List<String> topicsDirs) {
        TextTable table = new TextTable("bucket", "prefix", "objects", "bytes", "example");
        for (String bucket : buckets) {
            Map<String, long[]> byPrefix = new TreeMap<>();
            Map<String, String> example = new TreeMap<>();
            for (S3Object object :
                    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                String[] parts = object.key().split("/");
                String prefix = parts.length > 2 && topicsDirs.contains(parts[0])
                        ? parts[0] + "/" + parts[1] + "/"
                        : parts[0] + "/";
                long[] counts = byPrefix.computeIfAbsent(prefix, k -> new long[2]);
                counts[0]++;
                counts[1] += object.size();
                example.putIfAbsent(prefix, object.key());
            }
            byPrefix.forEach((prefix, counts) ->
                    table.row(bucket, prefix, counts[0], String.format("%,d", counts[1]), example.get(prefix)));
        }
        return table.toString();
    }

    long objectCount(List<String> buckets) {
        long count = 0;
        for (String bucket : buckets) {
            count += s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .count();
        }
        return count;
    }

    /** The catalog's tables and views, with their formats, column counts and partitions. */
    CatalogListing tables(String database) {
        TextTable table = new TextTable("table", "type", "format", "columns", "partition keys", "partitions");
        int tables = 0;
        long partitions = 0;
        List<Table> all;
        try {
            all = glue.getTablesPaginator(b -> b.databaseName(database)).stream()
                    .flatMap(r -> r.tableList().stream())
                    .toList();
        } catch (EntityNotFoundException e) {
            all = List.of();
        }
        for (Table t : all) {
            boolean view = "VIRTUAL_VIEW".equals(t.tableType());
            long count = view
                    ? 0
                    : glue.getPartitionsPaginator(b -> b.databaseName(database).tableName(t.name())).stream()
                            .mapToLong(r -> r.partitions().size())
                            .sum();
            tables++;
            partitions += count;
            table.row(
                    t.name(),
                    view ? "view" : "table",
                    view ? "-" : t.parameters().getOrDefault("classification", "?"),
                    t.storageDescriptor().columns().size(),
                    view
                            ? "-"
                            : String.join(
                                    ",",
                                    t.partitionKeys().stream()
                                            .map(c -> c.name())
                                            .toList()),
                    view ? "-" : count);
        }
        return new CatalogListing(table.toString(), tables, partitions);
    }

    /**
     * Reads a table's current-state view from Glue and runs its SQL with DuckDB over the table's objects in the lake
     * directory, where Athena would read the table.
     *
     * @param select columns to return, in the view's names
     * @param where a condition on the view's columns
     */
    List<List<String>> currentState(
            String database,
            String table,
            String bucket,
            String topicPrefix,
            String extension,
            String select,
            String where) {
        Table view;
        try {
            view = glue.getTable(b -> b.databaseName(database).name(table + "_current"))
                    .table();
        } catch (EntityNotFoundException e) {
            throw new LocalModeException("Cannot read the current state of " + table + " because the catalog has no"
                    + " view " + database + "." + table + "_current");
        }
        String files = lakeDirectory.resolve(bucket).resolve(topicPrefix).toString() + "/**/*." + extension;
        String reader = extension.endsWith("parquet") ? "read_parquet" : "read_json_auto";
        String sql = PrestoView.sqlOf(view.viewOriginalText())
                .replace(
                        "\"" + database + "\".\"" + table + "\"",
                        reader + "('" + files.replace("'", "''")
                                + "', hive_partitioning = true, union_by_name = true)");
        List<List<String>> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT " + select + " FROM (" + sql + ") AS current_state WHERE " + where + " ORDER BY 1")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new LocalModeException(
                    "Cannot run the view " + table + "_current over the lake with DuckDB: " + e.getMessage(), e);
        }
        return rows;
    }
}
