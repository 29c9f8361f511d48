package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.localstack.TrinoEndpoint;
import dev.tributary.localstack.trino.TrinoQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deletes reach every table's current state, whichever way they are found: the whole pipeline in local mode under
 * concurrent writers that insert, update and delete addresses, cities and countries (keys deleted and inserted again
 * among them, long transactions committing out of order), then the lake must equal PostgreSQL, through the mirror
 * and through each table's {@code _current} view as the catalog registered it. Capture {@code log} runs the same
 * workload under every fault in {@link FaultInjectionTest}; here also a bulk DELETE of 100,000 rows and a TRUNCATE.
 * The addresses' Iceberg upsert table must equal PostgreSQL too, as Trino (Athena's engine) reads it, including a
 * column added mid-stream.
 */
class DeleteModesTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "deletes: {0}")
    @ValueSource(strings = {"{capture: reconcile, reconcile-interval: 2s}", "{capture: soft, soft-column: deleted_at}"})
    void shouldMirrorEveryTableUnderConcurrentInsertsUpdatesAndDeletes(String deletes) throws Exception {
        // Athena's engine reads the Iceberg table once, after capture by reconciliation; the other capture's table is
        // compared by Iceberg's own reader.
        boolean throughTrino = deletes.contains("reconcile");
        if (throughTrino) {
            TrinoQueries.skipUnlessTrinoCanStart();
        }
        try (FaultSuite suite = FaultSuite.start(work, deletes, 200, true)) {
            // Athena's engine starts while the workload runs.
            CompletableFuture<TrinoEndpoint> trino = throughTrino
                    ? CompletableFuture.supplyAsync(() -> suite.stack().trino())
                    : CompletableFuture.completedFuture(null);
            long committed = suite.workload.committed();
            suite.workload.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> suite.workload.committed() > committed + 100);
                // Mid-stream, a column the tables did not have, filled while the writers go on.
                execute(suite, "ALTER TABLE address ADD COLUMN note text");
                execute(suite, "UPDATE address SET note = 'note ' || address_id WHERE address_id % 3 = 0");
                await().atMost(Duration.ofSeconds(60)).until(() -> suite.workload.committed() > committed + 200);
            } finally {
                suite.workload.stop();
            }
            assertThat(deleted(suite, deletes.contains("soft")))
                    .as("the workload deleted rows")
                    .isPositive();

            FaultSuite.CatchUp after = suite.catchUp();

            assertThat(after.after())
                    .as("the lake and its Iceberg table equal PostgreSQL: %s", after.difference())
                    .isPresent();
            assertThat(suite.viewsDiffering()).isEmpty();
            assertThat(suite.run.maintenance.orElseThrow().awaitCompleted(1, Duration.ofSeconds(90)))
                    .as("maintenance ran beside the batches")
                    .isTrue();
            assertThat(suite.catchUp().after())
                    .as("and the Iceberg table still equals PostgreSQL")
                    .isPresent();
            Map<String, String> notes = throughTrino ? notes(suite, trino.join()) : notes(suite.iceberg.orElseThrow());
            assertThat(notes)
                    .as("the column added mid-stream")
                    .isEqualTo(notesInPostgres(suite))
                    .isNotEmpty();
            if (throughTrino) {
                assertThat(suite.icebergDiffersThroughTrino(trino.join()))
                        .as("Trino reads the Iceberg table")
                        .isEmpty();
            }
        }
    }

    @Test
    void shouldMirrorABulkDeleteOfAHundredThousandRowsAndATruncate() throws Exception {
        try (FaultSuite suite = FaultSuite.start(work, "{capture: log}", 10_000, false)) {
            int before = count(suite, "SELECT count(*) FROM address");
            execute(
                    suite,
                    "INSERT INTO address (address, district, city_id, postal_code, phone) SELECT 'Bulk ' || g,"
                            + " 'Bulk', (SELECT min(city_id) FROM city), '00000', '555' FROM generate_series(1, 100000) g");
            assertThat(suite.catchUp().after())
                    .as("100,000 rows inserted reached the lake")
                    .isPresent();

            execute(suite, "DELETE FROM address WHERE district = 'Bulk'");
            FaultSuite.CatchUp deleted = suite.catchUp();
            assertThat(deleted.after())
                    .as("100,000 rows deleted left the current state: %s", deleted.difference())
                    .isPresent();
            assertThat(suite.mirror.lastUpdates(suite.tables.get(0))).hasSize(before);

            execute(suite, "TRUNCATE address");
            FaultSuite.CatchUp truncated = suite.catchUp();
            assertThat(truncated.after())
                    .as("TRUNCATE emptied the current state: %s", truncated.difference())
                    .isPresent();
            assertThat(suite.mirror.lastUpdates(suite.tables.get(0))).isEmpty();
            assertThat(suite.viewsDiffering()).isEmpty();
            assertThat(count(suite, "SELECT count(*) FROM tributary.delete_log"))
                    .as("the log is pruned")
                    .isZero();
        }
    }

    private static void execute(FaultSuite suite, String sql) throws Exception {
        try (Connection connection = suite.database();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(FaultSuite suite, String sql) throws Exception {
        try (Connection connection = suite.database();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The addresses' notes in the Iceberg table, as Trino reads them: key to note, where there is one. */
    private static Map<String, String> notes(FaultSuite suite, TrinoEndpoint trino) throws Exception {
        Map<String, String> notes = new TreeMap<>();
        for (List<String> row : TrinoQueries.query(
                trino,
                "faults",
                "SELECT CAST(address_id AS varchar), note FROM" + " faults_address_iceberg WHERE note IS NOT NULL")) {
            notes.put(row.get(0), row.get(1));
        }
        return notes;
    }

    /** The addresses' notes in the Iceberg table, as Iceberg's own reader reads them. */
    private static Map<String, String> notes(IcebergMirror iceberg) {
        Map<String, String> notes = new TreeMap<>();
        iceberg.column("note").forEach((key, note) -> {
            if (note != null) {
                notes.put(key, note);
            }
        });
        return notes;
    }

    private static Map<String, String> notesInPostgres(FaultSuite suite) throws Exception {
        Map<String, String> notes = new TreeMap<>();
        try (Connection connection = suite.database();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(address_id AS text), note FROM address WHERE"
                        + " note IS NOT NULL AND " + suite.tables.get(0).present())) {
            while (rs.next()) {
                notes.put(rs.getString(1), rs.getString(2));
            }
        }
        return notes;
    }

    /** Addresses deleted so far: marked deleted, or gone from the ids up to the largest. */
    private static int deleted(FaultSuite suite, boolean soft) throws Exception {
        return count(
                suite,
                soft
                        ? "SELECT count(*) FROM address WHERE deleted_at IS NOT NULL"
                        : "SELECT (SELECT max(address_id) FROM address) - (SELECT count(*) FROM address)");
    }
}
