package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glue's managed table optimizers (Create, Get and DeleteTableOptimizer): recorded per table and type as Glue records
 * them, with Glue's input rules, so that a function that asks Glue to maintain a table can be tested. Nothing runs
 * them here; local mode maintains Iceberg tables with the sink's own maintenance.
 */
final class TableOptimizers {

    /** The optimizer types Glue accepts. */
    static final Set<String> TYPES = Set.of("compaction", "retention", "orphan_file_deletion");

    private final ObjectMapper json;
    private final GlueCatalog catalog;
    /** Database, table, type → the optimizer's configuration. */
    private final Map<List<String>, ObjectNode> optimizers = new HashMap<>();

    TableOptimizers(ObjectMapper json, GlueCatalog catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    synchronized ObjectNode create(JsonNode request) {
        Constraints constraints = new Constraints();
        JsonNode configuration =
                constraints.required(request, "TableOptimizerConfiguration", "tableOptimizerConfiguration");
        constraints.check();
        List<String> key = key(request);
        if (configuration.path("roleArn").asText("").isEmpty()
                || !configuration.path("enabled").isBoolean()) {
            throw GlueException.invalidInput("TableOptimizerConfiguration needs roleArn and enabled");
        }
        if (optimizers.containsKey(key)) {
            throw GlueException.alreadyExists("Table optimizer of type " + key.get(2) + " already exists for table "
                    + key.get(0) + "." + key.get(1));
        }
        optimizers.put(key, ((ObjectNode) configuration).deepCopy());
        return json.createObjectNode();
    }

    synchronized ObjectNode get(JsonNode request) {
        List<String> key = key(request);
        ObjectNode configuration = optimizers.get(key);
        if (configuration == null) {
            throw GlueException.entityNotFound(
                    "Table optimizer of type " + key.get(2) + " not found for table " + key.get(0) + "." + key.get(1));
        }
        ObjectNode response = json.createObjectNode();
        response.put("CatalogId", request.path("CatalogId").asText());
        response.put("DatabaseName", key.get(0));
        response.put("TableName", key.get(1));
        ObjectNode optimizer = response.putObject("TableOptimizer");
        optimizer.put("type", key.get(2));
        optimizer.set("configuration", configuration.deepCopy());
        return response;
    }

    synchronized ObjectNode delete(JsonNode request) {
        List<String> key = key(request);
        if (optimizers.remove(key) == null) {
            throw GlueException.entityNotFound(
                    "Table optimizer of type " + key.get(2) + " not found for table " + key.get(0) + "." + key.get(1));
        }
        return json.createObjectNode();
    }

    /** The optimizer's key, after checking the request's members and that its table exists. */
    private List<String> key(JsonNode request) {
        Constraints constraints = new Constraints();
        constraints.required(request, "CatalogId", "catalogId");
        constraints.required(request, "DatabaseName", "databaseName");
        constraints.required(request, "TableName", "tableName");
        JsonNode type = constraints.required(request, "Type", "type");
        constraints.check();
        if (!TYPES.contains(type.asText())) {
            throw GlueException.validation("1 validation error detected: Value '" + type.asText() + "' at 'type'"
                    + " failed to satisfy constraint: Member must satisfy enum value set: " + TYPES);
        }
        ObjectNode lookup = json.createObjectNode();
        lookup.set("DatabaseName", request.path("DatabaseName"));
        lookup.set("Name", request.path("TableName"));
        catalog.getTable(lookup);
        return List.of(
                request.path("DatabaseName").asText(), request.path("TableName").asText(), type.asText());
    }
}
