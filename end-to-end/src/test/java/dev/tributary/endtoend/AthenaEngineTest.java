package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;

/**
 * The seed walkthrough's lake read by Athena's engine: Trino 476's Hive connector, catalog awsdatacatalog, reaching the
 * tables and views the catalog function registered through the local Glue endpoint and their objects through the
 * local S3 server, as Athena reaches the Glue Data Catalog and S3. Every table and view is queried by name.
 */
class AthenaEngineTest {

    private static SeedLake seed;
    private static TrinoEndpoint trino;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> unavailable = LocalStack.trinoUnavailable();
        if (unavailable.isPresent() && System.getenv(LocalStack.TRINO_REQUIRED) == null) {
            String reason = "Skipping the Athena engine (Trino) tests: " + unavailable.get() + " (set "
                    + LocalStack.TRINO_REQUIRED + "=1 to fail instead, as CI does)";
            // Surefire's summary counts an aborted class as no tests: say so where the build's output shows it.
            System.err.println("WARNING " + reason);
            Assumptions.abort(reason);
        }
        seed = new SeedLake();
        trino = seed.stack.trino();
    }

    @AfterAll
    static void stop() {
        if (seed != null) {
            seed.close();
        }
    }

    /**
     * Runs a query. A server just started may answer "No nodes available to run query" until the coordinator has
     * seen its own node announce the catalog (a few seconds): such a query is tried again, for up to 30 s.
     */
    private static List<List<String>> query(String sql) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return queryOnce(sql);
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("No nodes available") || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    private static List<List<String>> queryOnce(String sql) throws SQLException {
        Properties user = new Properties();
        user.setProperty("user", "tributary");
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(trino.jdbcUrl(seed.glueDatabase), user);
                Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void shouldCompareTheDefaultPartitionersKeyWithAnInteger() throws Exception {
        List<List<String>> rows = query("SELECT count(*) FROM " + seed.table("pagila.public.country")
                + " WHERE partition = 0");
        try (Connection connection = seed.database(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM country")) {
            rs.next();
            assertThat(Long.parseLong(rows.get(0).get(0))).as("every version of every country, in partition 0")
                    .isGreaterThanOrEqualTo(rs.getLong(1));
        }
    }

    @Test
    void shouldReadEveryTableByName() throws Exception {
        for (String topic : List.of("pagila.public.address", "pagila.public.city", "pagila.public.country",
                "pagila.public.alt.address", "pagila.query")) {
            List<List<String>> count = query("SELECT count(*) FROM " + seed.table(topic));
            assertThat(Long.parseLong(count.get(0).get(0))).as(topic).isPositive();
        }
    }

    @Test
    void shouldOpenTheCurrentStateViewByName() throws Exception {
        List<List<String>> rows = query("SELECT address_id, state_province, phone, country FROM "
                + seed.table("pagila.query") + "_current WHERE address_id BETWEEN 100 AND 105 ORDER BY address_id");
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("100", "101", "102", "103", "104", "105");
    }
}
