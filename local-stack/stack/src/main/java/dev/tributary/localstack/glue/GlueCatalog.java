package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The state behind the Glue endpoint: databases, tables and partitions, with Glue's semantics for the operations
 * Tributary's catalog uses. Each operation takes the request body and returns the response body.
 *
 * <p>Names of databases and tables are stored in lower case, as Glue stores them. With a directory, each database is
 * one JSON file, rewritten atomically after every change and loaded at start.
 */
final class GlueCatalog {

    static final String CATALOG_ID = "000000000000";

    private static final int MAX_BATCH_CREATE = 100;
    private static final int MAX_BATCH_GET = 1000;
    private static final int MAX_BATCH_UPDATE = 100;
    /** Glue's BoundedPartitionValueList: at most 100 values. */
    private static final int MAX_PARTITION_VALUES = 100;

    private final ObjectMapper json;
    private final Optional<Path> directory;
    private final Map<String, DatabaseState> databases = new TreeMap<>();

    GlueCatalog(ObjectMapper json, Optional<Path> directory) {
        this.json = json;
        this.directory = directory;
        directory.ifPresent(this::load);
    }

    // ---- databases -------------------------------------------------------------------------------------------

    synchronized ObjectNode createDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        JsonNode input = constraints.required(request, "DatabaseInput", "databaseInput");
        String name = constraints.name(input, "Name", "databaseInput.name");
        constraints.optionalLength(input, "Description", "databaseInput.description", 2048);
        constraints.optionalLength(input, "LocationUri", "databaseInput.locationUri", 1024);
        constraints.check();
        String key = name.toLowerCase(Locale.ROOT);
        if (databases.containsKey(key)) {
            throw GlueException.alreadyExists("Database already exists.");
        }
        ObjectNode database = ((ObjectNode) input).deepCopy();
        database.put("Name", key);
        database.put("CreateTime", now());
        database.put("CatalogId", CATALOG_ID);
        databases.put(key, new DatabaseState(database));
        save(key);
        return json.createObjectNode();
    }

    synchronized ObjectNode getDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        ObjectNode response = json.createObjectNode();
        response.set("Database", database(name).database.deepCopy());
        return response;
    }

    synchronized ObjectNode getDatabases(JsonNode request) {
        Constraints constraints = new Constraints();
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 100);
        constraints.check();
        List<JsonNode> all =
                databases.values().stream().map(d -> (JsonNode) d.database).toList();
        return page(all, request, 100, "DatabaseList");
    }

    synchronized ObjectNode deleteDatabase(JsonNode request) {
        Constraints constraints = new Constraints();
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        String key = database(name).database.get("Name").asText();
        databases.remove(key);
        directory.ifPresent(dir -> delete(dir.resolve(key + ".json")));
        return json.createObjectNode();
    }

    // ---- tables ----------------------------------------------------------------------------------------------

    synchronized ObjectNode createTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        JsonNode input = constraints.required(request, "TableInput", "tableInput");
        String name = validateTableInput(constraints, input);
        constraints.check();
        DatabaseState database = database(databaseName);
        String key = name.toLowerCase(Locale.ROOT);
        if (database.tables.containsKey(key)) {
            throw GlueException.alreadyExists("Table already exists.");
        }
        ObjectNode table = ((ObjectNode) input).deepCopy();
        table.put("Name", key);
        table.put("DatabaseName", database.name());
        table.put("CreateTime", now());
        table.put("UpdateTime", now());
        table.put("IsRegisteredWithLakeFormation", false);
        table.put("CatalogId", CATALOG_ID);
        table.put("VersionId", "0");
        database.tables.put(key, new TableState(table));
        save(database.name());
        return json.createObjectNode();
    }

    synchronized ObjectNode getTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        ObjectNode response = json.createObjectNode();
        response.set("Table", table(databaseName, name).table.deepCopy());
        return response;
    }

    synchronized ObjectNode getTables(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        constraints.optionalLength(request, "Expression", "expression", 2048);
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 100);
        constraints.check();
        DatabaseState database = database(databaseName);
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
        return page(tables, request, 100, "TableList");
    }

    synchronized ObjectNode updateTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        JsonNode input = constraints.required(request, "TableInput", "tableInput");
        String name = validateTableInput(constraints, input);
        constraints.optionalLength(request, "VersionId", "versionId", 255);
        constraints.check();
        DatabaseState database = database(databaseName);
        TableState state = table(databaseName, name);
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
        updated.put("UpdateTime", now());
        updated.put("IsRegisteredWithLakeFormation", false);
        updated.put("CatalogId", CATALOG_ID);
        updated.put("VersionId", Long.toString(Long.parseLong(currentVersion) + 1));
        state.table = updated;
        save(database.name());
        return json.createObjectNode();
    }

    synchronized ObjectNode deleteTable(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String name = constraints.name(request, "Name", "name");
        constraints.check();
        DatabaseState database = database(databaseName);
        table(databaseName, name);
        database.tables.remove(name.toLowerCase(Locale.ROOT));
        save(database.name());
        return json.createObjectNode();
    }

    // ---- partitions ------------------------------------------------------------------------------------------

    synchronized ObjectNode createPartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode input = constraints.required(request, "PartitionInput", "partitionInput");
        validatePartitionInput(constraints, input, "partitionInput");
        constraints.check();
        TableState table = table(databaseName, tableName);
        List<String> values = partitionValues(table, input.get("Values"));
        if (table.partitions.containsKey(values)) {
            throw GlueException.alreadyExists("Partition already exists.");
        }
        table.partitions.put(values, newPartition(table, input, values));
        save(table.table.get("DatabaseName").asText());
        return json.createObjectNode();
    }

    synchronized ObjectNode batchCreatePartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode inputs = constraints.required(request, "PartitionInputList", "partitionInputList");
        if (inputs != null && inputs.isArray()) {
            for (int i = 0; i < inputs.size(); i++) {
                validatePartitionInput(constraints, inputs.get(i), "partitionInputList." + (i + 1) + ".member");
            }
        }
        constraints.check();
        if (!inputs.isArray() || inputs.size() > MAX_BATCH_CREATE) {
            throw GlueException.invalidInput("The number of partitions in a batch must be between 0 and "
                    + MAX_BATCH_CREATE + ", but the request has " + inputs.size());
        }
        TableState table = table(databaseName, tableName);
        ArrayNode errors = json.createArrayNode();
        boolean changed = false;
        for (JsonNode input : inputs) {
            List<String> values;
            try {
                values = partitionValues(table, input.get("Values"));
            } catch (GlueException e) {
                errors.add(partitionError(input.get("Values"), e.type(), e.getMessage()));
                continue;
            }
            if (table.partitions.containsKey(values)) {
                errors.add(partitionError(input.get("Values"), "AlreadyExistsException", "Partition already exists."));
                continue;
            }
            table.partitions.put(values, newPartition(table, input, values));
            changed = true;
        }
        if (changed) {
            save(table.table.get("DatabaseName").asText());
        }
        ObjectNode response = json.createObjectNode();
        if (!errors.isEmpty()) {
            response.set("Errors", errors);
        }
        return response;
    }

    synchronized ObjectNode getPartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode values = constraints.required(request, "PartitionValues", "partitionValues");
        constraints.listSize(values, "partitionValues", 0, 100);
        constraints.check();
        TableState table = table(databaseName, tableName);
        ObjectNode partition = table.partitions.get(partitionValues(table, values));
        if (partition == null) {
            throw GlueException.entityNotFound("Cannot find partition.");
        }
        ObjectNode response = json.createObjectNode();
        response.set("Partition", partition.deepCopy());
        return response;
    }

    synchronized ObjectNode getPartitions(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        constraints.optionalLength(request, "Expression", "expression", 2048);
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 1000);
        constraints.check();
        TableState table = table(databaseName, tableName);
        Predicate<List<String>> filter = values -> true;
        JsonNode expression = request.get("Expression");
        if (expression != null && !expression.isNull() && !expression.asText().isBlank()) {
            filter = PartitionFilter.parse(expression.asText(), table.keyNames(), table.keyTypes());
        }
        int segment = 0;
        int totalSegments = 1;
        JsonNode segmentNode = request.get("Segment");
        if (segmentNode != null && !segmentNode.isNull()) {
            segment = segmentNode.path("SegmentNumber").asInt(0);
            totalSegments = segmentNode.path("TotalSegments").asInt(1);
            if (totalSegments < 1 || totalSegments > 10 || segment < 0 || segment >= totalSegments) {
                throw GlueException.invalidInput("Invalid segment " + segment + " of " + totalSegments
                        + ": TotalSegments must be 1 to 10 and SegmentNumber below it");
            }
        }
        boolean excludeColumns = request.path("ExcludeColumnSchema").asBoolean(false);
        List<JsonNode> selected = new ArrayList<>();
        int index = 0;
        for (Map.Entry<List<String>, ObjectNode> entry : table.partitions.entrySet()) {
            if (index++ % totalSegments == segment && filter.test(entry.getKey())) {
                ObjectNode partition = entry.getValue().deepCopy();
                if (excludeColumns && partition.get("StorageDescriptor") instanceof ObjectNode sd) {
                    sd.remove("Columns");
                }
                selected.add(partition);
            }
        }
        return page(selected, request, 1000, "Partitions");
    }

    synchronized ObjectNode batchGetPartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode wanted = constraints.required(request, "PartitionsToGet", "partitionsToGet");
        constraints.listSize(wanted, "partitionsToGet", 0, MAX_BATCH_GET);
        constraints.check();
        TableState table = table(databaseName, tableName);
        ArrayNode partitions = json.createArrayNode();
        for (JsonNode entry : wanted) {
            ObjectNode partition = table.partitions.get(partitionValues(table, entry.get("Values")));
            if (partition != null) {
                partitions.add(partition.deepCopy());
            }
        }
        ObjectNode response = json.createObjectNode();
        response.set("Partitions", partitions);
        response.set("UnprocessedKeys", json.createArrayNode());
        return response;
    }

    synchronized ObjectNode updatePartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode values = constraints.required(request, "PartitionValueList", "partitionValueList");
        validatePartitionValues(constraints, values, "partitionValueList");
        JsonNode input = constraints.required(request, "PartitionInput", "partitionInput");
        validatePartitionInput(constraints, input, "partitionInput");
        constraints.check();
        TableState table = table(databaseName, tableName);
        replacePartition(table, values, input);
        save(table.table.get("DatabaseName").asText());
        return json.createObjectNode();
    }

    /**
     * Replaces partitions, each as UpdatePartition would. A database or table that does not exist fails the request;
     * an entry that cannot be applied (a partition that does not exist, values that do not match the partition keys)
     * is reported in {@code Errors} under its {@code PartitionValueList}, and the others are applied.
     */
    synchronized ObjectNode batchUpdatePartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode entries = constraints.required(request, "Entries", "entries");
        constraints.listSize(entries, "entries", 1, MAX_BATCH_UPDATE);
        if (entries != null && entries.isArray() && entries.size() <= MAX_BATCH_UPDATE) {
            for (int i = 0; i < entries.size(); i++) {
                String member = "entries." + (i + 1) + ".member";
                JsonNode values =
                        constraints.required(entries.get(i), "PartitionValueList", member + ".partitionValueList");
                validatePartitionValues(constraints, values, member + ".partitionValueList");
                JsonNode input = constraints.required(entries.get(i), "PartitionInput", member + ".partitionInput");
                validatePartitionInput(constraints, input, member + ".partitionInput");
            }
        }
        constraints.check();
        TableState table = table(databaseName, tableName);
        ArrayNode errors = json.createArrayNode();
        boolean changed = false;
        for (JsonNode entry : entries) {
            JsonNode values = entry.get("PartitionValueList");
            try {
                replacePartition(table, values, entry.get("PartitionInput"));
                changed = true;
            } catch (GlueException e) {
                ObjectNode error = errors.addObject();
                error.set("PartitionValueList", values.deepCopy());
                ObjectNode detail = error.putObject("ErrorDetail");
                detail.put("ErrorCode", e.type());
                detail.put("ErrorMessage", e.getMessage());
            }
        }
        if (changed) {
            save(table.table.get("DatabaseName").asText());
        }
        ObjectNode response = json.createObjectNode();
        response.set("Errors", errors);
        return response;
    }

    synchronized ObjectNode deletePartition(JsonNode request) {
        Constraints constraints = new Constraints();
        String databaseName = constraints.name(request, "DatabaseName", "databaseName");
        String tableName = constraints.name(request, "TableName", "tableName");
        JsonNode values = constraints.required(request, "PartitionValues", "partitionValues");
        constraints.check();
        TableState table = table(databaseName, tableName);
        if (table.partitions.remove(partitionValues(table, values)) == null) {
            throw GlueException.entityNotFound("Cannot find partition.");
        }
        save(table.table.get("DatabaseName").asText());
        return json.createObjectNode();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String validateTableInput(Constraints constraints, JsonNode input) {
        String name = constraints.name(input, "Name", "tableInput.name");
        constraints.optionalLength(input, "Description", "tableInput.description", 2048);
        constraints.optionalSingleLine(input, "Owner", "tableInput.owner", 255);
        constraints.optionalSingleLine(input, "TableType", "tableInput.tableType", 255);
        constraints.optionalLength(input, "ViewOriginalText", "tableInput.viewOriginalText", 409600);
        constraints.optionalLength(input, "ViewExpandedText", "tableInput.viewExpandedText", 409600);
        if (input != null) {
            validateColumns(
                    constraints,
                    input.path("StorageDescriptor").get("Columns"),
                    "tableInput.storageDescriptor.columns");
            validateColumns(constraints, input.get("PartitionKeys"), "tableInput.partitionKeys");
            constraints.optionalLength(
                    input.get("StorageDescriptor"), "Location", "tableInput.storageDescriptor.location", 2056);
        }
        return name;
    }

    private static void validateColumns(Constraints constraints, JsonNode columns, String path) {
        if (columns == null || !columns.isArray()) {
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            String member = path + "." + (i + 1) + ".member";
            constraints.name(columns.get(i), "Name", member + ".name");
            constraints.optionalLength(columns.get(i), "Type", member + ".type", 131072);
            constraints.optionalLength(columns.get(i), "Comment", member + ".comment", 255);
            constraints.optionalSingleLine(columns.get(i), "Comment", member + ".comment", 255);
        }
    }

    private static void validatePartitionInput(Constraints constraints, JsonNode input, String path) {
        if (input == null) {
            return;
        }
        JsonNode values = input.get("Values");
        constraints.listSize(values, path + ".values", 0, 100);
        if (values != null && values.isArray()) {
            for (int i = 0; i < values.size(); i++) {
                constraints.length(values.get(i), path + ".values." + (i + 1) + ".member", 1024);
            }
        }
        constraints.optionalLength(
                input.get("StorageDescriptor"), "Location", path + ".storageDescriptor.location", 2056);
        validateColumns(
                constraints, input.path("StorageDescriptor").get("Columns"), path + ".storageDescriptor.columns");
    }

    private static void validatePartitionValues(Constraints constraints, JsonNode values, String path) {
        constraints.listSize(values, path, 0, MAX_PARTITION_VALUES);
        if (values != null && values.isArray() && values.size() <= MAX_PARTITION_VALUES) {
            for (int i = 0; i < values.size(); i++) {
                constraints.length(values.get(i), path + "." + (i + 1) + ".member", 1024);
            }
        }
    }

    /**
     * Replaces a partition's definition with {@code input}, as Glue's UpdatePartition does: whatever the input leaves
     * out (parameters, storage descriptor) is gone afterwards; the creation time stays. Values in the input that
     * differ from the partition's move it to those values; without values in the input it keeps its own.
     */
    private void replacePartition(TableState table, JsonNode valuesNode, JsonNode input) {
        List<String> values = partitionValues(table, valuesNode);
        ObjectNode existing = table.partitions.get(values);
        if (existing == null) {
            throw GlueException.entityNotFound("Cannot find partition.");
        }
        JsonNode newValuesNode = input.get("Values");
        List<String> newValues =
                newValuesNode == null || newValuesNode.isNull() ? values : partitionValues(table, newValuesNode);
        if (!newValues.equals(values) && table.partitions.containsKey(newValues)) {
            throw GlueException.alreadyExists("Partition already exists.");
        }
        ObjectNode updated = newPartition(table, input, newValues);
        updated.set("CreationTime", existing.get("CreationTime"));
        if (newValues.equals(values)) {
            table.partitions.put(values, updated);
        } else {
            table.partitions.remove(values);
            table.partitions.put(newValues, updated);
        }
    }

    private List<String> partitionValues(TableState table, JsonNode values) {
        List<String> list = new ArrayList<>();
        if (values != null && values.isArray()) {
            values.forEach(v -> list.add(v.asText()));
        }
        int keys = table.keyNames().size();
        if (list.size() != keys) {
            throw GlueException.invalidInput("The number of partition keys do not match the number of partition"
                    + " values: table " + table.table.get("Name").asText() + " has " + keys + " partition keys but "
                    + list.size() + " values were given");
        }
        return List.copyOf(list);
    }

    private ObjectNode newPartition(TableState table, JsonNode input, List<String> values) {
        ObjectNode partition = ((ObjectNode) input).deepCopy();
        ArrayNode valuesNode = partition.putArray("Values");
        values.forEach(valuesNode::add);
        partition.put("DatabaseName", table.table.get("DatabaseName").asText());
        partition.put("TableName", table.table.get("Name").asText());
        partition.put("CreationTime", now());
        partition.put("CatalogId", CATALOG_ID);
        return partition;
    }

    private ObjectNode partitionError(JsonNode values, String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.set("PartitionValues", values == null ? json.createArrayNode() : values.deepCopy());
        ObjectNode detail = error.putObject("ErrorDetail");
        detail.put("ErrorCode", code);
        detail.put("ErrorMessage", message);
        return error;
    }

    private DatabaseState database(String name) {
        DatabaseState database = databases.get(name.toLowerCase(Locale.ROOT));
        if (database == null) {
            throw GlueException.entityNotFound("Database " + name + " not found.");
        }
        return database;
    }

    private TableState table(String databaseName, String name) {
        TableState table = database(databaseName).tables.get(name.toLowerCase(Locale.ROOT));
        if (table == null) {
            throw GlueException.entityNotFound("Table " + name + " not found.");
        }
        return table;
    }

    private ObjectNode page(List<JsonNode> items, JsonNode request, int defaultSize, String listName) {
        int size = request.path("MaxResults").asInt(defaultSize);
        int offset = 0;
        JsonNode token = request.get("NextToken");
        if (token != null && !token.isNull() && !token.asText().isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8);
                offset = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw GlueException.invalidInput("Invalid pagination token '" + token.asText() + "'");
            }
        }
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray(listName);
        int end = Math.min(items.size(), offset + size);
        for (int i = offset; i < end; i++) {
            list.add(items.get(i).deepCopy());
        }
        if (end < items.size()) {
            response.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    // ---- persistence -----------------------------------------------------------------------------------------

    private void save(String databaseName) {
        if (directory.isEmpty()) {
            return;
        }
        DatabaseState database = databases.get(databaseName);
        ObjectNode document = json.createObjectNode();
        document.set("Database", database.database);
        ArrayNode tables = document.putArray("Tables");
        for (TableState table : database.tables.values()) {
            ObjectNode entry = tables.addObject();
            entry.set("Table", table.table);
            ArrayNode partitions = entry.putArray("Partitions");
            table.partitions.values().forEach(partitions::add);
        }
        Path target = directory.get().resolve(databaseName + ".json");
        Path temporary = directory.get().resolve(databaseName + ".json.tmp");
        try {
            Files.createDirectories(directory.get());
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), document);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw GlueException.internal(
                    "Cannot persist database " + databaseName + " to " + target + ": " + e.getMessage());
        }
    }

    private void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode document = json.readTree(file.toFile());
                DatabaseState database = new DatabaseState((ObjectNode) document.get("Database"));
                for (JsonNode entry : document.path("Tables")) {
                    TableState table = new TableState((ObjectNode) entry.get("Table"));
                    for (JsonNode partition : entry.path("Partitions")) {
                        List<String> values = new ArrayList<>();
                        partition.get("Values").forEach(v -> values.add(v.asText()));
                        table.partitions.put(List.copyOf(values), (ObjectNode) partition);
                    }
                    database.tables.put(table.table.get("Name").asText(), table);
                }
                databases.put(database.name(), database);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot load the Glue catalog from " + dir + " because " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw GlueException.internal("Cannot delete " + file + ": " + e.getMessage());
        }
    }

    private static final class DatabaseState {
        final ObjectNode database;
        final Map<String, TableState> tables = new TreeMap<>();

        DatabaseState(ObjectNode database) {
            this.database = database;
        }

        String name() {
            return database.get("Name").asText();
        }
    }

    private static final class TableState {
        ObjectNode table;
        final Map<List<String>, ObjectNode> partitions = new LinkedHashMap<>();

        TableState(ObjectNode table) {
            this.table = table;
        }

        List<String> keyNames() {
            List<String> names = new ArrayList<>();
            table.path("PartitionKeys").forEach(k -> names.add(k.path("Name").asText()));
            return names;
        }

        List<String> keyTypes() {
            List<String> types = new ArrayList<>();
            table.path("PartitionKeys").forEach(k -> types.add(k.path("Type").asText("string")));
            return types;
        }
    }
}
