package dev.tributary.catalog.glue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tributary.catalog.schema.Column;
import dev.tributary.core.lake.MetadataColumns;
import dev.tributary.core.lake.PrestoView;

import static dev.tributary.core.lake.MetadataColumns.OFFSET;
import static dev.tributary.core.lake.MetadataColumns.OPERATION;
import static dev.tributary.core.lake.MetadataColumns.PARTITION;
import static dev.tributary.core.lake.MetadataColumns.SOURCE_TIME;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The current-state view of a table: the latest row of each key, ordered by the change time at the source, then
 * by Kafka partition and offset, with deleted keys left out. Stored as Athena stores views in Glue: a
 * VIRTUAL_VIEW whose original text is the base64 Presto view definition. Pure.
 */
public final class CurrentStateView {

    /** View parameter: the table the view reads. */
    static final String VIEW_OF = "tributary.view-of";
    /** View parameter: the Glue version of the table the view was built from. */
    static final String TABLE_VERSION = "tributary.table-version";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CurrentStateView() {
    }

    /** The key columns the sink wrote: {@code __key}, or {@code __key_<field>} for a struct key. */
    public static List<String> keyColumns(List<Column> data) {
        return data.stream().map(Column::name).filter(MetadataColumns::isKey).toList();
    }

    /**
     * The view's SQL, which runs on Athena (Trino) and on DuckDB alike.
     *
     * @return empty when the table has no key or no metadata columns to order by
     */
    public static Optional<String> sql(String database, String table, List<Column> data, List<String> partitionKeys) {
        List<String> keys = keyColumns(data);
        List<String> names = data.stream().map(Column::name).toList();
        if (keys.isEmpty() || !names.contains(OFFSET) || !names.contains(OPERATION)) {
            return Optional.empty();
        }
        StringJoiner select = new StringJoiner(", ");
        visibleColumns(data, partitionKeys).forEach(c -> select.add(quote(c.name())));
        StringJoiner partitionBy = new StringJoiner(", ");
        keys.forEach(k -> partitionBy.add(quote(k)));
        String order = (names.contains(SOURCE_TIME) ? quote(SOURCE_TIME) + " DESC NULLS LAST, " : "")
                + (names.contains(PARTITION) ? quote(PARTITION) + " DESC, " : "") + quote(OFFSET) + " DESC";
        return Optional.of("SELECT " + select + " FROM (SELECT *, row_number() OVER (PARTITION BY " + partitionBy
                + " ORDER BY " + order + ") AS \"__rank\" FROM " + quote(database) + "." + quote(table)
                + ") AS latest WHERE \"__rank\" = 1 AND " + quote(OPERATION) + " <> 'd'");
    }

    /** The columns the view shows: the data columns and the partition keys, not the sink's metadata. */
    public static List<Column> visibleColumns(List<Column> data, List<String> partitionKeys) {
        List<Column> columns = new ArrayList<>();
        data.stream().filter(c -> !c.name().startsWith("__")).forEach(columns::add);
        partitionKeys.forEach(k -> columns.add(new Column(k, "string")));
        return columns;
    }

    /** The Glue definition Athena reads: VIRTUAL_VIEW, the Presto view encoding, and Hive-typed columns. */
    public static TableInput tableInput(String name, String database, Table table, String sql,
            List<Column> columns) {
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
                .description("Latest row per key of " + database + "." + table.name() + ", written by Tributary's catalog")
                .viewOriginalText(PrestoView.originalText(definition))
                .viewExpandedText("/* Presto View */")
                .parameters(Map.of("presto_view", "true", "comment", "Presto View", VIEW_OF, table.name(),
                        TABLE_VERSION, Long.toString(versionOf(table.versionId()))))
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(columns.stream().map(TableShapes::glueColumn).toList())
                        .serdeInfo(software.amazon.awssdk.services.glue.model.SerDeInfo.builder().build())
                        .build())
                .build();
    }

    /** Whether a catalog entry is a view this class built, which the catalog may replace. */
    public static boolean isOurs(Table entry) {
        return "VIRTUAL_VIEW".equals(entry.tableType()) && entry.hasParameters()
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
