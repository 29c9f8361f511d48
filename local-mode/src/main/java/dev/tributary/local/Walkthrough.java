package dev.tributary.local;

import dev.tributary.core.pipeline.SinkConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed walkthrough: the initial load through all three functions, then the seed's changes (addresses 100 to
 * 102 updated, a new country and city, address 104 deleted), each step waited out until the lake and the catalog
 * hold it; then what the lake holds, and the current state of addresses 100 to 105 read from the lake beside the
 * same rows read from PostgreSQL.
 */
final class Walkthrough {

    /** How long one step may take before the walkthrough fails. */
    private static final Duration STEP = Duration.ofMinutes(3);

    private final LocalRun run;
    private final Progress progress;

    Walkthrough(LocalRun run, Progress progress) {
        this.run = run;
        this.progress = progress;
    }

    /** What the walkthrough found, for the summary line. */
    record Outcome(boolean matches, long objects, int tables, long partitions) {}

    Outcome initialLoad() throws InterruptedException {
        progress.section("Initial load");
        settle("initial load");
        return report(false);
    }

    /** For a pipeline of the person's own: its first pass through to the lake and the catalog, and what they hold. */
    Outcome firstPass() throws InterruptedException {
        progress.section("First pass of the pipeline");
        settle("first pass");
        return report(false);
    }

    Outcome seedChanges() throws InterruptedException, SQLException {
        progress.section("The seed's changes: addresses 100-102 updated, country Atlantis and a city added,"
                + " address 104 deleted");
        try (Connection connection = run.database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE address SET district = 'Updated ' || address_id, phone = '555-01' || address_id"
                    + " WHERE address_id IN (100, 101, 102)");
            statement.execute("INSERT INTO country (country) VALUES ('Atlantis')");
            statement.execute("INSERT INTO city (city, country_id) SELECT 'Poseidonia', country_id FROM country"
                    + " WHERE country = 'Atlantis'");
            statement.execute("DELETE FROM address WHERE address_id = 104");
        }
        progress.line("postgres", "3 addresses updated, 1 country and 1 city inserted, 1 address deleted");
        settle("seed changes");
        return report(true);
    }

    /**
     * Waits until a change made before now is in the lake and the catalog: a poll that started after it caught
     * every relation up, the sink has every record it produced, and the catalog has seen every object since.
     */
    void settle(String step) throws InterruptedException {
        long begin = System.nanoTime();
        Instant changed = Instant.now();
        run.schedule.awaitCaughtUpRunStartedAfter(changed, STEP);
        run.mapping.awaitCaughtUp(STEP);
        run.notifications.awaitPassStartedAfter(Instant.now(), STEP);
        progress.line(
                "settled",
                String.format("%s in the lake and the catalog after %.1f s", step, (System.nanoTime() - begin) / 1e9));
    }

    private Outcome report(boolean compare) {
        LakeReport lake =
                new LakeReport(run.s3, run.glue, run.stack.s3Directory().orElseThrow());
        List<String> buckets = new ArrayList<>(run.buckets());
        List<String> topicsDirs =
                run.pipeline.sinks().stream().map(s -> s.topicsDir()).distinct().toList();
        progress.print("\nObjects in the lake (" + run.stack.s3Directory().orElseThrow() + ")\n"
                + lake.objects(buckets, topicsDirs));
        String database = run.pipeline.catalog().database();
        LakeReport.CatalogListing listing = lake.tables(database);
        progress.print("\nGlue tables in " + database + "\n" + listing.text());
        boolean matches = !compare || compareCurrentState(lake, database);
        return new Outcome(matches, lake.objectCount(buckets), listing.tables(), listing.partitions());
    }

    /** Addresses 100 to 105: the current-state view over the lake beside PostgreSQL. */
    private boolean compareCurrentState(LakeReport lake, String database) {
        List<List<String>> viewRows = lake.currentState(
                database,
                "pagila_query",
                LocalRun.LAKE_BUCKET,
                "topics/pagila.query",
                "parquet",
                "address_id, state_province, phone, country",
                "address_id BETWEEN 100 AND 105");
        Map<String, List<String>> inLake = new LinkedHashMap<>();
        viewRows.forEach(r -> inLake.put(r.get(0), r.subList(1, r.size())));
        Map<String, List<String>> inPostgres = new LinkedHashMap<>();
        try (Connection connection = run.database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT a.address_id, a.district, a.phone, country.country"
                        + " FROM address a JOIN city USING (city_id) JOIN country USING (country_id)"
                        + " WHERE a.address_id BETWEEN 100 AND 105 ORDER BY 1")) {
            while (rs.next()) {
                inPostgres.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new LocalModeException("Cannot read addresses 100 to 105 from PostgreSQL: " + e.getMessage(), e);
        }
        // The seed pipeline's Iceberg table of pagila.query, if it has one: the current state the sink keeps.
        Optional<SinkConfig> icebergSink = run.pipeline.sinksFor("pagila.query").stream()
                .filter(s -> s.format() == SinkConfig.Format.ICEBERG)
                .findFirst();
        Optional<Map<String, List<String>>> inIceberg = icebergSink.flatMap(s -> IcebergRows.between(
                run.stack,
                database,
                s.tableNameOf("pagila.query"),
                "address_id",
                100,
                105,
                List.of("state_province", "phone", "country")));
        List<String> headers =
                new ArrayList<>(List.of("address_id", "lake: district | phone | country (view pagila_query_current)"));
        icebergSink.ifPresent(s -> headers.add("Iceberg table " + s.tableNameOf("pagila.query")));
        headers.addAll(List.of("PostgreSQL: district | phone | country", ""));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        boolean matches = true;
        for (int id = 100; id <= 105; id++) {
            String key = Integer.toString(id);
            List<String> lakeRow = inLake.get(key);
            List<String> icebergRow = inIceberg.map(rows -> rows.get(key)).orElse(null);
            List<String> pgRow = inPostgres.get(key);
            boolean icebergSame = icebergSink.isEmpty() || Objects.equals(icebergRow, pgRow);
            String verdict;
            if (pgRow == null) {
                verdict = lakeRow == null && icebergSame
                        ? "deleted: absent from the lake and PostgreSQL"
                        : "DIFFERS: deleted in" + " PostgreSQL, still in the lake";
                matches &= lakeRow == null && icebergSame;
            } else if (pgRow.equals(lakeRow) && icebergSame) {
                verdict = "same";
            } else {
                verdict = "DIFFERS";
                matches = false;
            }
            List<String> cells = new ArrayList<>(List.of(key, lakeRow == null ? "-" : String.join(" | ", lakeRow)));
            if (icebergSink.isPresent()) {
                cells.add(icebergRow == null ? "-" : String.join(" | ", icebergRow));
            }
            cells.add(pgRow == null ? "-" : String.join(" | ", pgRow));
            cells.add(verdict);
            table.row(cells.toArray(String[]::new));
        }
        progress.print("\nCurrent state of addresses 100 to 105 (DuckDB runs the view's SQL from Glue over the lake's"
                + " files)\n" + table);
        return matches;
    }
}
