package dev.tributary.catalog.glue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.lake.PrestoView;
import dev.tributary.core.pipeline.DeleteConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The current-state view of a table: the latest row of each key, ordered by the change time at the source (a
 * tombstone, which has none, by its Kafka timestamp), then by Kafka partition and offset, with deleted keys and rows
 * without a key left out. Stored as Athena stores views in Glue: a VIRTUAL_VIEW whose original text is the base64
 * Presto view definition. Pure.
 */
public final class CurrentStateView {

    /** View parameter: the table the view reads. */
    static final String VIEW_OF = "tributary.view-of";
    /** View parameter: the Glue version of the table the view was built from. */
    static final String TABLE_VERSION = "tributary.table-version";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRESTO_VIEW_COMMENT = "Presto View";
    /** The user a view runs as: a definer view needs one, and Trino takes it from the Glue entry's owner. */
    static final String OWNER = "tributary";

    private CurrentStateView() {}

    /**
     * The view's SQL, which runs on Athena (Trino) and on DuckDB alike. The metadata columns are those the sink
     * wrote, under the names it gave them ({@link MetadataNames}).
     *
     * <p>A tombstone carries no change time, so each row is ordered by its change time or else its Kafka timestamp:
     * a delete produced after the update it removes then wins. Rows whose key is null are not versions of any key:
     * they are left out rather than ranked together as one key.
     *
     * @return empty when the table has no metadata columns or no key
     */
    public static Optional<String> sql(String database, String table, List<Column> data, List<String> partitionKeys) {
        Optional<MetadataNames> found = MetadataNames.of(data);
        if (found.isEmpty() || found.get().keys().isEmpty()) {
            return Optional.empty();
        }
        MetadataNames metadata = found.get();
        Map<String, String> types = new HashMap<>();
        data.forEach(c -> types.put(c.name(), c.type()));
        StringJoiner select = new StringJoiner(", ");
        visibleColumns(data, List.of()).forEach(c -> select.add(quote(c.name())));
        partitionKeys.forEach(k -> select.add(quote(k)));
        StringJoiner partitionBy = new StringJoiner(", ");
        StringJoiner hasKey = new StringJoiner(" OR ");
        for (String key : metadata.keys()) {
            partitionBy.add(quote(key));
            hasKey.add(quote(key) + " IS NOT NULL");
        }
        String changeTime = coalesce(
                metadata.sourceTime(),
                types.get(metadata.sourceTime()),
                metadata.timestamp(),
                types.get(metadata.timestamp()));
        String order = changeTime + " DESC NULLS LAST, " + quote(metadata.partition()) + " DESC, "
                + quote(metadata.offset()) + " DESC";
        String rank = "__rank";
        while (types.containsKey(rank)) {
            rank = "_" + rank;
        }
        return Optional.of("SELECT " + select + " FROM (SELECT *, row_number() OVER (PARTITION BY " + partitionBy
                + " ORDER BY " + order + ") AS " + quote(rank) + " FROM " + quote(database) + "." + quote(table)
                + " WHERE " + hasKey + ") AS latest WHERE " + quote(rank) + " = 1 AND " + quote(metadata.operation())
                + " <> 'd'");
    }

    /**
     * The change time, else the Kafka timestamp. Both are timestamps in Parquet and text of one format in JSON; when
     * a JSON sample inferred them differently (a change time always null reads as string), both compare as text.
     */
    private static String coalesce(String sourceTime, String sourceType, String timestamp, String timestampType) {
        if (sourceType.equals(timestampType)) {
            return "coalesce(" + quote(sourceTime) + ", " + quote(timestamp) + ")";
        }
        return "coalesce(CAST(" + quote(sourceTime) + " AS varchar), CAST(" + quote(timestamp) + " AS varchar))";
    }

    /**
     * The columns the view shows: the data columns and the partition keys, not the sink's metadata columns, nor the
     * delete marker ({@value DeleteConfig#MARKER_FIELD}), which no row the view shows has set.
     */
    public static List<Column> visibleColumns(List<Column> data, List<Column> partitionKeys) {
        Optional<MetadataNames> names = MetadataNames.of(data);
        Set<String> metadata = names.map(MetadataNames::all).orElse(Set.of());
        List<Column> columns = new ArrayList<>();
        data.stream()
                .filter(c -> !metadata.contains(c.name()))
                .filter(c -> names.isEmpty() || !c.name().equals(DeleteConfig.MARKER_FIELD))
                .forEach(columns::add);
        columns.addAll(partitionKeys);
        return columns;
    }

    /** The Glue definition Athena reads: VIRTUAL_VIEW, the Presto view encoding, and Hive-typed columns. */
    public static TableInput tableInput(String name, String database, Table table, String sql, List<Column> columns) {
        ObjectNode definition = JSON.createObjectNode();
        definition.put("originalSql", sql);
        definition.put("catalog", "awsdatacatalog");
        definition.put("schema", database);
        ArrayNode list = definition.putArray("columns");
        for (Column column : columns) {
            list.addObject().put("name", column.name()).put("type", PrestoTypes.of(column.type()));
        }
        return TableInput.builder()
                .name(name)
                .tableType("VIRTUAL_VIEW")
                // Trino (Athena's engine) reads a Glue description as the table's comment, and takes a table as a
                // view only when that comment is "Presto View"; a definer view needs an owner to run as.
                .description(PRESTO_VIEW_COMMENT)
                .owner(OWNER)
                .viewOriginalText(PrestoView.originalText(definition))
                .viewExpandedText("/* Presto View */")
                .parameters(Map.of(
                        "presto_view",
                        "true",
                        "comment",
                        PRESTO_VIEW_COMMENT,
                        VIEW_OF,
                        table.name(),
                        TABLE_VERSION,
                        Long.toString(versionOf(table.versionId()))))
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(columns.stream().map(TableShapes::glueColumn).toList())
                        .serdeInfo(SerDeInfo.builder().build())
                        .build())
                .build();
    }

    /** Whether a catalog entry is a view this class built, which the catalog may replace. */
    public static boolean isOurs(Table entry) {
        return "VIRTUAL_VIEW".equals(entry.tableType())
                && entry.hasParameters()
                && entry.parameters().containsKey(VIEW_OF);
    }

    /** The version of the table a view was built from; 0 when unknown. */
    static long tableVersion(Map<String, String> parameters) {
        return parameters == null ? 0 : versionOf(parameters.get(TABLE_VERSION));
    }

    private static long versionOf(String versionId) {
        try {
            return versionId == null ? 0 : Long.parseLong(versionId);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
