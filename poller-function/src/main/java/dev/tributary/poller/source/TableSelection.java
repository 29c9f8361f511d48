package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.source.DatabaseCatalog.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables a table source captures: those of the kinds its table-types names that its tables patterns match and its
 * exclude-tables patterns do not. Pure: it selects from the relations the catalog lists.
 */
final class TableSelection {

    /** The name of each pg_class.relkind in table-types (validated by the pipeline: one of SourceConfig.TABLE_TYPES). */
    private static final Map<String, String> TABLE_TYPE_NAMES =
            Map.of("r", "table", "p", "partitioned-table", "v", "view", "m", "materialized-view", "f", "foreign-table");

    private TableSelection() {}

    /**
     * The tables, in name order.
     *
     * @param relations the relations the database has
     * @param label the source, for messages
     * @param user the user the poller logs in as, for messages
     */
    static List<TableName> select(SourceConfig source, List<Relation> relations, String label, String user) {
        List<TableName> all = new ArrayList<>();
        Map<TableName, String> otherKinds = new HashMap<>();
        List<String> kinds =
                source.tableTypes().stream().map(TableSelection::relkind).toList();
        // A partitioned table read whole hides its partitions; without it, they are tables of their own.
        boolean wholePartitioned = source.tableTypes().contains("partitioned-table");
        for (Relation relation : relations) {
            if (kinds.contains(relation.relkind()) && !(wholePartitioned && relation.partition())) {
                all.add(relation.name());
            } else {
                otherKinds.put(
                        relation.name(),
                        relation.partition()
                                ? "a partition, read through its partitioned table"
                                : "a " + TABLE_TYPE_NAMES.get(relation.relkind()) + ", and table-types is "
                                        + source.tableTypes());
            }
        }
        Set<TableName> selected = new TreeSet<>();
        for (String text : source.tables()) {
            TablePattern pattern = pattern(text, label + " tables");
            List<TableName> matched = all.stream()
                    .filter(t -> pattern.matches(t.schema(), t.name()))
                    .toList();
            if (matched.isEmpty()) {
                Optional<String> otherKind = otherKinds.entrySet().stream()
                        .filter(e ->
                                pattern.matches(e.getKey().schema(), e.getKey().name()))
                        .map(e -> e.getKey() + " is " + e.getValue())
                        .findFirst();
                if (otherKind.isPresent()) {
                    throw new ConfigException("Cannot capture table " + text + " for source " + label + " because "
                            + otherKind.get() + "; add its kind to table-types to capture it");
                }
                throw new ConfigException("Cannot capture table " + text + " for source " + label
                        + " because no such table exists, or user " + user
                        + " cannot see it (tables need SELECT privilege)");
            }
            selected.addAll(matched);
        }
        for (String text : source.excludeTables()) {
            TablePattern pattern = pattern(text, label + " exclude-tables");
            selected.removeIf(t -> pattern.matches(t.schema(), t.name()));
        }
        if (selected.isEmpty()) {
            throw new ConfigException("Cannot capture source " + label + " because exclude-tables leaves no table");
        }
        return List.copyOf(selected);
    }

    /** pg_class.relkind of a table-types name. */
    private static String relkind(String type) {
        return switch (type) {
            case "table" -> "r";
            case "partitioned-table" -> "p";
            case "view" -> "v";
            case "materialized-view" -> "m";
            case "foreign-table" -> "f";
            default -> throw new IllegalArgumentException("Unknown table type " + type);
        };
    }

    private static TablePattern pattern(String text, String where) {
        try {
            return TablePattern.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(where, text, e.getMessage());
        }
    }
}
