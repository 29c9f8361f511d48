package dev.tributary.localstack.glue;

import static dev.tributary.localstack.glue.GlueRequests.page;
import static dev.tributary.localstack.glue.GlueRequests.validateTableInput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.glue.GlueRequests.TableRequest;
import dev.tributary.localstack.glue.GlueStore.DatabaseState;
import dev.tributary.localstack.glue.GlueStore.TableState;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The database and table operations of the Glue endpoint, with Glue's semantics for the ones Tributary's catalog
 * uses. Each operation takes the request body and returns the response body; partitions are {@link GluePartitions}'.
 */
final class GlueCatalog {

    static final String CATALOG_ID = GlueStore.CATALOG_ID;

    private final ObjectMapper json;
    private final GlueStore store;

    GlueCatalog(GlueStore store) {
        this.json = store.json();
        this.store = store;
    }

    ObjectNode createDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        JsonNode input = constraints.required(request, "DatabaseInput", "databaseInput");
        String name = constraints.name(input, "Name", "databaseInput.name");
        constraints.optionalLength(input, "Description", "databaseInput.description", 2048);
        constraints.optionalLength(input, "LocationUri", "databaseInput.locationUri", 1024);
        constraints.check();
        String key = name.toLowerCase(Locale.ROOT);
        if (store.hasDatabase(key)) {
            throw GlueException.alreadyExists("Database already exists.");
        }
        ObjectNode database = ((ObjectNode) input).deepCopy();
        database.put("Name", key);
        database.put("CreateTime", GlueStore.now());
        database.put("CatalogId", CATALOG_ID);
        store.putDatabase(new DatabaseState(database));
        return json.createObjectNode();
    }

    ObjectNode getDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        ObjectNode response = json.createObjectNode();
        response.set("Database", store.database(name).database.deepCopy());
        return response;
    }

    ObjectNode getDatabases(JsonNode request) {
        Constraints constraints = new Constraints();
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 100);
        constraints.check();
        return page(json, store.databases(), request, 100, "DatabaseList");
    }

    ObjectNode deleteDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        store.removeDatabase(store.database(name).name());
        return json.createObjectNode();
    }

    ObjectNode createTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        JsonNode input = constraints.required(request, "TableInput", "tableInput");
        String name = validateTableInput(constraints, input);
        constraints.check();
        DatabaseState database = store.database(databaseName);
        String key = name.toLowerCase(Locale.ROOT);
        if (database.tables.containsKey(key)) {
            throw GlueException.alreadyExists("Table already exists.");
        }
        ObjectNode table = ((ObjectNode) input).deepCopy();
        table.put("Name", key);
        table.put("DatabaseName", database.name());
        table.put("CreateTime", GlueStore.now());
        table.put("UpdateTime", GlueStore.now());
        table.put("IsRegisteredWithLakeFormation", false);
        table.put("CatalogId", CATALOG_ID);
        table.put("VersionId", "0");
        database.tables.put(key, new TableState(table));
        store.save(database.name());
        return json.createObjectNode();
    }

    ObjectNode getTable(JsonNode request) {
        TableState table = TableRequest.of(request, "Name", "name").check(store);
        ObjectNode response = json.createObjectNode();
        response.set("Table", table.table.deepCopy());
        return response;
    }

    ObjectNode getTables(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        constraints.optionalLength(request, "Expression", "expression", 2048);
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 100);
        constraints.check();
        DatabaseState database = store.database(databaseName);
        Predicate<String> matches = name -> true;
        JsonNode expression = request.get("Expression");
        if (expression != null && !expression.isNull() && !expression.asText().isEmpty()) {
            try {
                Pattern pattern = Pattern.compile(expression.asText(), Pattern.CASE_INSENSITIVE);
                matches = name -> pattern.matcher(name).matches();
            } catch (PatternSyntaxException e) {
                throw GlueException.invalidInput(
                        "Invalid table name expression '" + expression.asText() + "': " + e.getDescription());
            }
        }
        Predicate<String> filter = matches;
        List<JsonNode> tables = database.tables.values().stream()
                .filter(t -> filter.test(t.table.get("Name").asText()))
                .map(t -> (JsonNode) t.table)
                .toList();
        return page(json, tables, request, 100, "TableList");
    }

    ObjectNode updateTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        JsonNode input = constraints.required(request, "TableInput", "tableInput");
        String name = validateTableInput(constraints, input);
        constraints.optionalLength(request, "VersionId", "versionId", 255);
        constraints.check();
        DatabaseState database = store.database(databaseName);
        TableState state = store.table(databaseName, name);
        ObjectNode current = state.table;
        JsonNode expectedVersion = request.get("VersionId");
        String currentVersion = current.path("VersionId").asText("0");
        if (expectedVersion != null
                && !expectedVersion.isNull()
                && !expectedVersion.asText().equals(currentVersion)) {
            throw GlueException.concurrentModification("Update table failed due to concurrent modifications: version "
                    + expectedVersion.asText() + " was requested but the table is at version " + currentVersion);
        }
        ObjectNode updated = ((ObjectNode) input).deepCopy();
        updated.put("Name", current.get("Name").asText());
        updated.put("DatabaseName", database.name());
        updated.set("CreateTime", current.get("CreateTime"));
        updated.put("UpdateTime", GlueStore.now());
        updated.put("IsRegisteredWithLakeFormation", false);
        updated.put("CatalogId", CATALOG_ID);
        updated.put("VersionId", Long.toString(Long.parseLong(currentVersion) + 1));
        state.table = updated;
        store.save(database.name());
        return json.createObjectNode();
    }

    ObjectNode deleteTable(JsonNode request) {
        TableRequest named = TableRequest.of(request, "Name", "name");
        TableState table = named.check(store);
        DatabaseState database = store.database(named.database());
        database.tables.remove(table.table.get("Name").asText());
        store.save(database.name());
        return json.createObjectNode();
    }
}
