package dev.tributary.poller.schema;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Optional;
import java.util.function.Function;

/**
 * The value of one expression as a mapping reads it from a real PostgreSQL result (the shared local stack's), beside
 * PostgreSQL's own text for it.
 *
 * @param mapping the mapping decided from the column's metadata
 * @param value what the mapping's reader read
 * @param text PostgreSQL's text of the value (as the driver receives it), or null for NULL
 */
record QueryValue(ColumnMapping mapping, Object value, String text) {

    /**
     * Reads {@code SELECT expression}.
     *
     * @param mappingOf the mapping of the column, as the database describes it (nullable, as the driver cannot tell
     *     for an expression)
     */
    static QueryValue of(String expression, Function<ColumnInfo, ColumnMapping> mappingOf) throws SQLException {
        PostgresEndpoint pg = LocalStack.shared().postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + expression)) {
            rs.next();
            ResultSetMetaData md = rs.getMetaData();
            ColumnInfo column = new ColumnInfo(
                    "v",
                    md.getColumnType(1),
                    md.getColumnTypeName(1),
                    md.getPrecision(1),
                    md.getScale(1),
                    true,
                    Optional.empty());
            ColumnMapping mapping = mappingOf.apply(column);
            Object value = mapping.reader().read(rs, 1);
            return new QueryValue(mapping, value, rs.getString(1));
        }
    }

    /** The column as a table would declare it: {@code numeric(precision, scale)} (an expression's has neither). */
    static ColumnInfo numeric(int precision, int scale, boolean nullable) {
        return new ColumnInfo("v", Types.NUMERIC, "numeric", precision, scale, nullable, Optional.empty());
    }
}
