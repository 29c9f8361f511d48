package dev.tributary.poller.source;

import dev.tributary.poller.capture.Sql;

/**
 * A schema-qualified table.
 *
 * @param schema schema name, as stored in the catalog
 * @param name table name, as stored in the catalog
 */
public record TableName(String schema, String name) implements Comparable<TableName> {

    /** The quoted name for SQL. */
    public String sql() {
        return Sql.qualified(schema, name);
    }

    @Override
    public int compareTo(TableName other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
