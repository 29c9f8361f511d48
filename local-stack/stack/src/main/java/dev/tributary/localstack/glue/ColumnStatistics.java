package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column statistics of tables and partitions, as Glue keeps them beside the catalog (Update, Get and
 * DeleteColumnStatisticsFor{Table,Partition}): what Trino writes after a CTAS or INSERT and reads when it plans. Kept
 * in memory; a table or partition that does not exist is reported as Glue reports it.
 */
final class ColumnStatistics {

    private final ObjectMapper json;
    private final GlueCatalog catalog;
    private final GluePartitions partitions;
    /** Database, table, partition values (empty for the table) → column → its statistics. */
    private final Map<List<String>, Map<String, ObjectNode>> statistics = new HashMap<>();

    ColumnStatistics(ObjectMapper json, GlueCatalog catalog, GluePartitions partitions) {
        this.json = json;
        this.catalog = catalog;
        this.partitions = partitions;
    }

    /** Update, Get and DeleteColumnStatisticsFor{Table,Partition}: {@code partition} says which. */
    synchronized ObjectNode update(JsonNode request, boolean partition) {
        List<String> key = key(request, partition);
        JsonNode list = requiredList(request, "ColumnStatisticsList", "columnStatisticsList", 25);
        Map<String, ObjectNode> columns = statistics.computeIfAbsent(key, k -> new LinkedHashMap<>());
        list.forEach(entry -> columns.put(entry.path("ColumnName").asText(), ((ObjectNode) entry).deepCopy()));
        ObjectNode response = json.createObjectNode();
        response.putArray("Errors");
        return response;
    }

    synchronized ObjectNode get(JsonNode request, boolean partition) {
        List<String> key = key(request, partition);
        JsonNode names = requiredList(request, "ColumnNames", "columnNames", 100);
        Map<String, ObjectNode> columns = statistics.getOrDefault(key, Map.of());
        ObjectNode response = json.createObjectNode();
        ArrayNode found = response.putArray("ColumnStatisticsList");
        names.forEach(name -> {
            ObjectNode stats = columns.get(name.asText());
            if (stats != null) {
                found.add(stats.deepCopy());
            }
        });
        response.putArray("Errors");
        return response;
    }

    /**
     * Deletes a column's statistics. As in Glue, deleting statistics a column does not have succeeds (Trino's CTAS
     * into a partitioned table deletes the table-level statistics of every column, which it never wrote); only a
     * table or partition that does not exist is an error.
     */
    synchronized ObjectNode delete(JsonNode request, boolean partition) {
        List<String> key = key(request, partition);
        Map<String, ObjectNode> columns = statistics.get(key);
        if (columns != null) {
            columns.remove(request.path("ColumnName").asText());
        }
        return json.createObjectNode();
    }

    /** A list the request must have, of at most {@code max} entries; refused as Glue refuses it otherwise. */
    private static JsonNode requiredList(JsonNode request, String field, String member, int max) {
        Constraints constraints = new Constraints();
        JsonNode list = constraints.required(request, field, member);
        constraints.listSize(list, member, 0, max);
        constraints.check();
        return list;
    }

    /** The table's (or partition's) key, after checking that it exists. */
    private List<String> key(JsonNode request, boolean partition) {
        ObjectNode lookup = json.createObjectNode();
        lookup.set("DatabaseName", request.path("DatabaseName"));
        if (partition) {
            lookup.set("TableName", request.path("TableName"));
            lookup.set("PartitionValues", request.path("PartitionValues"));
            partitions.getPartition(lookup);
        } else {
            lookup.set("Name", request.path("TableName"));
            catalog.getTable(lookup);
        }
        List<String> key = new ArrayList<>(List.of(
                request.path("DatabaseName").asText(), request.path("TableName").asText()));
        if (partition) {
            request.path("PartitionValues").forEach(v -> key.add(v.asText()));
        }
        return List.copyOf(key);
    }
}
