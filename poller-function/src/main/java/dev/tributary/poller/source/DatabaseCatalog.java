package dev.tributary.poller.source;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.schema.ColumnInfo;
import dev.tributary.poller.schema.ColumnMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the database says about its relations, read from its catalog: which relations exist, their columns (with the
 * labels of enum types), primary keys, and whether a literal casts to a type. The only class of source resolution
 * that talks to the database, apart from the delete log's checks.
 */
final class DatabaseCatalog {

    /**
     * A relation the catalog lists.
     *
     * @param name its schema and name
     * @param relkind its pg_class.relkind: r, p, v, m or f
     * @param partition whether it is a partition of a partitioned table
     */
    record Relation(TableName name, String relkind, boolean partition) {}

    private final Connection connection;
    private final Map<String, List<String>> enumLabels;
    private final ZoneId zone;

    private DatabaseCatalog(Connection connection, Map<String, List<String>> enumLabels, ZoneId zone) {
        this.connection = connection;
        this.enumLabels = enumLabels;
        this.zone = zone;
    }

    /**
     * Reads the labels of the database's enum types, once.
     *
     * @param zone the zone of the database's {@code timestamp} (without time zone) values: database.timezone
     */
    static DatabaseCatalog of(Connection connection, ZoneId zone) throws SQLException {
        Map<String, List<String>> labels = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT t.typname, e.enumlabel FROM pg_type t"
                        + " JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder")) {
            while (rs.next()) {
                labels.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        connection.commit();
        return new DatabaseCatalog(connection, labels, zone);
    }

    Connection connection() {
        return connection;
    }

    /** The zone of the database's {@code timestamp} (without time zone) values. */
    ZoneId zone() {
        return zone;
    }

    /** How a source of this database types its columns' values. */
    ColumnMapping.Types types(SourceConfig source) {
        return new ColumnMapping.Types(source.numericMapping(), source.typeMapping(), zone);
    }

    /** The tables, views and foreign tables outside PostgreSQL's own schemas, in no order. */
    List<Relation> relations() throws SQLException {
        List<Relation> relations = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT n.nspname, c.relname, c.relkind, c.relispartition"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND n.nspname NOT LIKE 'pg\\_toast%'")) {
            while (rs.next()) {
                relations.add(new Relation(
                        new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getBoolean(4)));
            }
        }
        return relations;
    }

    /** The columns of the result of a query, such as {@code SELECT * FROM t LIMIT 0}. */
    List<ColumnInfo> columns(String sql) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                columns.add(new ColumnInfo(
                        md.getColumnLabel(i),
                        md.getColumnType(i),
                        type,
                        md.getPrecision(i),
                        md.getScale(i),
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls,
                        Optional.ofNullable(enumLabels.get(type)).map(List::copyOf)));
            }
        }
        return columns;
    }

    /** The columns of the table's primary key, in the key's order; empty when it has none. */
    List<String> primaryKey(TableName table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = ?::regclass AND i.indisprimary"
                + " ORDER BY array_position(i.indkey, a.attnum)")) {
            statement.setString(1, table.sql());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    /** A table a setting names, which must exist. */
    TableName tableNamed(String text, String where) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            statement.setString(1, text);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw ConfigException.invalid(
                            where, text, "must name a table that exists and that user " + userName() + " can see");
                }
                return new TableName(rs.getString(1), rs.getString(2));
            }
        }
    }

    /**
     * Why an SQL expression, such as a literal cast to a column's type, cannot be selected; empty when it can. A
     * refusal rolls the transaction back, so the connection can go on.
     */
    Optional<String> refusal(String expression) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT " + expression);
            return Optional.empty();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The refusal says what to fix.
            }
            return Optional.of(e.getMessage());
        }
    }

    /** The user the poller logs in as, for messages. */
    String userName() throws SQLException {
        return connection.getMetaData().getUserName();
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }
}
