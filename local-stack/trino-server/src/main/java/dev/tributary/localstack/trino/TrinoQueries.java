package dev.tributary.localstack.trino;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * Queries run by Trino, Athena's engine, for the tests that read the lake as Athena does (in any test module that
 * depends on this one).
 */
public final class TrinoQueries {

    private TrinoQueries() {}

    /**
     * Skips the calling test class, with a WARNING line, where Trino cannot start (no Java 24 or later), unless
     * {@value LocalStack#TRINO_REQUIRED} is set, as CI sets it: then the class runs and fails.
     */
    public static void skipUnlessTrinoCanStart() {
        Optional<String> unavailable = LocalStack.trinoUnavailable();
        if (unavailable.isPresent() && System.getenv(LocalStack.TRINO_REQUIRED) == null) {
            String reason = "Skipping the Athena engine (Trino) tests: " + unavailable.get() + " (set "
                    + LocalStack.TRINO_REQUIRED + "=1 to fail instead, as CI does)";
            // Surefire's summary counts an aborted class as no tests: say so where the build's output shows it.
            System.err.println("WARNING " + reason);
            Assumptions.abort(reason);
        }
    }

    /**
     * Runs a statement in a schema (Glue database) of catalog awsdatacatalog. A server just started may answer "No
     * nodes available to run query" until the coordinator has seen its own node announce the catalog (a few
     * seconds): such a statement is tried again, for up to 30 s.
     *
     * @return its rows as text; for a statement without rows (a CTAS), one row with its update count
     */
    public static List<List<String>> query(TrinoEndpoint trino, String schema, String sql) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return queryOnce(trino, schema, sql);
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("No nodes available") || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    private static List<List<String>> queryOnce(TrinoEndpoint trino, String schema, String sql) throws SQLException {
        Properties user = new Properties();
        user.setProperty("user", "tributary");
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(trino.jdbcUrl(schema), user);
                Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return List.of(List.of(String.valueOf(statement.getLargeUpdateCount())));
            }
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
