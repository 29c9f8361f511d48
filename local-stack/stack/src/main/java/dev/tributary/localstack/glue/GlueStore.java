package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state behind the Glue endpoint: databases, their tables, and the tables' partitions, looked up by name as Glue
 * does (names in lower case). With a directory, each database is one JSON file, rewritten atomically after every
 * change and loaded at start. Not thread-safe: the server runs one operation at a time.
 */
final class GlueStore {

    static final String CATALOG_ID = "000000000000";

    private final ObjectMapper json;
    private final Optional<Path> directory;
    private final Map<String, DatabaseState> databases = new TreeMap<>();

    GlueStore(ObjectMapper json, Optional<Path> directory) {
        this.json = json;
        this.directory = directory;
        directory.ifPresent(this::load);
    }

    ObjectMapper json() {
        return json;
    }

    boolean hasDatabase(String key) {
        return databases.containsKey(key);
    }

    void putDatabase(DatabaseState database) {
        databases.put(database.name(), database);
        save(database.name());
    }

    List<JsonNode> databases() {
        return databases.values().stream().map(d -> (JsonNode) d.database).toList();
    }

    void removeDatabase(String key) {
        databases.remove(key);
        directory.ifPresent(dir -> delete(dir.resolve(key + ".json")));
    }

    DatabaseState database(String name) {
        DatabaseState database = databases.get(name.toLowerCase(Locale.ROOT));
        if (database == null) {
            throw GlueException.entityNotFound("Database " + name + " not found.");
        }
        return database;
    }

    TableState table(String databaseName, String name) {
        TableState table = database(databaseName).tables.get(name.toLowerCase(Locale.ROOT));
        if (table == null) {
            throw GlueException.entityNotFound("Table " + name + " not found.");
        }
        return table;
    }

    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Writes a database's file, if the catalog has a directory. */
    void save(String databaseName) {
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

    /** A database and its tables, by lower-case name. */
    static final class DatabaseState {
        final ObjectNode database;
        final Map<String, TableState> tables = new TreeMap<>();

        DatabaseState(ObjectNode database) {
            this.database = database;
        }

        String name() {
            return database.get("Name").asText();
        }
    }

    /** A table and its partitions, by values, in the order they were created. */
    static final class TableState {
        ObjectNode table;
        final Map<List<String>, ObjectNode> partitions = new LinkedHashMap<>();

        TableState(ObjectNode table) {
            this.table = table;
        }

        String databaseName() {
            return table.get("DatabaseName").asText();
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
