package dev.tributary.local;

import dev.tributary.core.lake.HivePath;
import dev.tributary.core.lake.PrestoView;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.TrinoEndpoint;
import dev.tributary.localstack.fault.FaultProxy;
import dev.tributary.localstack.fault.ProxiedRequest;
import dev.tributary.localstack.trino.TrinoQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The whole pipeline in local mode (the packaged functions in their sandboxes, the schedule, the event source
 * mapping and S3 notifications) with fault proxies between the functions and S3, DynamoDB and Glue, a workload of
 * concurrent writers, a mirror of the lake's current state and a watch on every high-water mark written. A phase
 * injects one fault again and again while the workload runs, stops both, and measures how long the lake takes to
 * equal PostgreSQL again.
 */
final class FaultSuite implements AutoCloseable {

    /**
     * How often the schedule fires the poller. Three periods must hold what follows a crash: the wait for the next
     * tick, a fresh sandbox's cold start, the poll, the sink's batch (Parquet, JSON and an Iceberg commit) and the
     * catalog's registrations, one invocation per object; 4 s left too little of it on 2 cores.
     */
    static final Duration SCHEDULE = Duration.ofSeconds(6);
    /**
     * How often the maintenance schedule compacts the Iceberg table (in a sink sandbox of its own): under the faults,
     * a few times a run; under the concurrent workload of the delete tests, often.
     */
    static final Duration MAINTENANCE_UNDER_FAULTS = Duration.ofSeconds(60);

    static final Duration MAINTENANCE = Duration.ofSeconds(15);
    /** How long a phase goes on injecting its fault. */
    static final Duration WINDOW = Duration.ofSeconds(6);
    /** How long the lake may take to catch up after a phase before the phase fails. */
    static final Duration CATCH_UP = Duration.ofMinutes(2);

    static final List<LakeMirror.Mirrored> TABLES = List.of(
            new LakeMirror.Mirrored(
                    "address",
                    "faults.address",
                    "address_id",
                    List.of("address", "district", "phone", "city_id", "postal_code")),
            new LakeMirror.Mirrored("city", "faults.city", "city_id", List.of("city", "country_id")),
            new LakeMirror.Mirrored("country", "faults.country", "country_id", List.of("country")));

    /** The Iceberg table of {@code faults.address}. */
    static final TableIdentifier ICEBERG_TABLE = TableIdentifier.of("faults", "faults_address_iceberg");

    private static final String PIPELINE = LocalPipelines.SERVICES + """
            sources:
              - name: faults
                tables: [address, city, country]
                topic-prefix: faults.
                mode: timestamp
                timestamp-columns: last_update
                poll-interval: 500ms
                batch-max-rows: %2$d
                deletes: %1$s
            sinks:
              - name: addresses
                topics: faults.address
                bucket: ${env:TRIBUTARY_LAKE_BUCKET}
                format: parquet
                partitioner: field
                partition-fields: district
              - name: places
                topics: [faults.city, faults.country]
                bucket: ${env:TRIBUTARY_LAKE_BUCKET}
                format: json
            %3$scatalog:
              database: faults
            """;

    /** The addresses' Iceberg upsert table, beside their Parquet objects. */
    private static final String ICEBERG_SINK = """
              - name: current
                topics: faults.address
                bucket: ${env:TRIBUTARY_LAKE_BUCKET}
                format: iceberg
                partitioner: field
                partition-fields: district
                table-name: ${topic}_iceberg
                iceberg: {mode: upsert, key-fields: address_id, snapshot-retention: 1m}
            """;

    final LocalRun run;
    final Proxies proxies;
    final Workload workload;
    final LakeMirror mirror;
    /** The addresses' Iceberg upsert table, when the sink keeps one beside the Parquet objects. */
    final Optional<IcebergMirror> iceberg;

    final MarkMonitor marks = new MarkMonitor();
    /** The tables compared, as this suite's pipeline captures them. */
    final List<LakeMirror.Mirrored> tables;

    private FaultSuite(
            LocalRun run,
            Proxies proxies,
            LakeMirror mirror,
            List<LakeMirror.Mirrored> tables,
            boolean softDeletes,
            boolean iceberg) {
        this.run = run;
        this.proxies = proxies;
        this.mirror = mirror;
        this.iceberg = iceberg
                ? Optional.of(new IcebergMirror(run.stack, LocalRun.LAKE_BUCKET, ICEBERG_TABLE, tables.get(0)))
                : Optional.empty();
        this.tables = tables;
        this.workload = new Workload(run.database::connect, 3, softDeletes);
        proxies.dynamoDb.observe(marks::observe);
    }

    /** Starts local mode with proxies in between, loads the sample and waits for its first pass to reach the lake. */
    static FaultSuite start(Path work) throws Exception {
        return start(work, "{capture: log}", 50, true, MAINTENANCE_UNDER_FAULTS);
    }

    /**
     * {@link #start(Path)} with another deletes setting (YAML) and batch size; with {@code capture: soft}, the tables
     * get a deleted_at column, the workload sets and clears it instead of deleting, and a row is present while it is
     * NULL.
     *
     * @param iceberg whether a sink keeps the addresses in an Iceberg upsert table too, which must equal PostgreSQL
     */
    static FaultSuite start(Path work, String deletes, int batchMaxRows, boolean iceberg) throws Exception {
        return start(work, deletes, batchMaxRows, iceberg, MAINTENANCE);
    }

    private static FaultSuite start(Path work, String deletes, int batchMaxRows, boolean iceberg, Duration maintenance)
            throws Exception {
        boolean soft = deletes.contains("soft");
        List<LakeMirror.Mirrored> tables = soft
                ? TABLES.stream()
                        .map(t -> new LakeMirror.Mirrored(
                                t.table(), t.topic(), t.key(), t.columns(), "deleted_at IS NULL"))
                        .toList()
                : TABLES;
        Path pipeline = Files.writeString(
                Files.createDirectories(work).resolve("faults.yaml"),
                PIPELINE.formatted(deletes, batchMaxRows, iceberg ? ICEBERG_SINK : ""));
        LocalOptions options = new LocalOptions(
                Optional.empty(),
                "postgres",
                Optional.empty(),
                "disable",
                Optional.of(pipeline),
                false,
                work.resolve("run"),
                work.resolve("run/lake"),
                SCHEDULE,
                maintenance,
                false);
        Proxies proxies = new Proxies(soft);
        LocalRun run = new LocalRun(options, new Progress(quiet(work)), proxies);
        try {
            run.start();
            LakeMirror mirror = new LakeMirror(
                    options.lakeDirectory().resolve(LocalRun.LAKE_BUCKET).resolve("topics"), tables);
            FaultSuite suite = new FaultSuite(run, proxies, mirror, tables, soft, iceberg);
            CatchUp first = suite.catchUp();
            if (first.after().isEmpty()) {
                throw new AssertionError(
                        "The sample did not reach the lake within " + CATCH_UP + ": " + first.difference());
            }
            return suite;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /** Progress lines go to a file: the suite prints its own table. */
    private static PrintStream quiet(Path work) throws IOException {
        OutputStream out = Files.newOutputStream(work.resolve("local-mode.log"));
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    /** A connection to the source database as the workload's writers and the comparison use it. */
    Connection database() throws SQLException {
        return run.database.connect();
    }

    /** The embedded server's superuser, to end sessions with. */
    Connection admin() throws SQLException {
        PostgresEndpoint pg = run.stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    LocalStack stack() {
        return run.stack;
    }

    /**
     * Waits until the lake equals PostgreSQL: every row's latest version in the lake, no row missing, nothing extra,
     * and every object's partition registered in Glue.
     *
     * @return how long it took, or empty if it did not happen within {@link #CATCH_UP}
     */
    CatchUp catchUp() throws Exception {
        return catchUp(CATCH_UP);
    }

    /** {@link #catchUp()} within {@code atMost}. */
    CatchUp catchUp(Duration atMost) throws Exception {
        long begin = System.nanoTime();
        long end = begin + atMost.toNanos();
        LakeMirror.Difference difference;
        while (true) {
            mirror.refresh();
            try (Connection connection = database()) {
                difference = mirror.compare(connection);
                if (difference.none() && iceberg.isPresent()) {
                    // The objects agree: the Iceberg table must too.
                    difference = iceberg.get().compare(connection);
                }
            }
            if (difference.none() && partitionsRegistered()) {
                return new CatchUp(Optional.of(Duration.ofNanos(System.nanoTime() - begin)), difference);
            }
            if (System.nanoTime() > end) {
                System.out.println("The lake did not catch up within " + atMost.toSeconds() + " s: " + difference);
                return new CatchUp(Optional.empty(), difference);
            }
            // The next look comes after the next pass of S3 notifications (every second): the lake changed or not.
            run.notifications.awaitNextPass(Duration.ofSeconds(5));
        }
    }

    /** How long the lake took to catch up, and how it still differed if it did not. */
    record CatchUp(Optional<Duration> after, LakeMirror.Difference difference) {}

    /**
     * The Iceberg table of addresses as Athena's engine reads it (Trino's Iceberg connector, by name in catalog
     * awsdatacatalog), beside PostgreSQL: empty when every present row is there once, with PostgreSQL's values.
     */
    Optional<String> icebergDiffersThroughTrino(TrinoEndpoint trino) throws SQLException {
        LakeMirror.Mirrored addresses = tables.get(0);
        String columns = addresses.columns().stream()
                .map(c -> "CAST(\"" + c + "\" AS varchar)")
                .collect(Collectors.joining(", "));
        Map<String, LakeMirror.Row> rows = new LinkedHashMap<>();
        for (List<String> row : TrinoQueries.query(
                trino,
                ICEBERG_TABLE.namespace().level(0),
                "SELECT CAST(\""
                        + addresses.key() + "\" AS varchar), to_unixtime(last_update) * 1000000, " + columns
                        + " FROM \""
                        + ICEBERG_TABLE.name() + "\"")) {
            LakeMirror.Row previous = rows.put(
                    row.get(0),
                    new LakeMirror.Row(Math.round(Double.parseDouble(row.get(1))), row.subList(2, row.size())));
            if (previous != null) {
                return Optional.of("key " + row.get(0) + " twice");
            }
        }
        try (Connection connection = database()) {
            LakeMirror.Difference difference = LakeMirror.difference(
                    "trino " + ICEBERG_TABLE, LakeMirror.postgresRows(connection, addresses), rows);
            return difference.none() ? Optional.empty() : Optional.of(difference.toString());
        }
    }

    /** Whether Glue has the partition of every address object (the Parquet table is partitioned by district). */
    private boolean partitionsRegistered() throws IOException {
        Path addresses = run.stack
                .s3Directory()
                .orElseThrow()
                .resolve(LocalRun.LAKE_BUCKET)
                .resolve("topics/faults.address");
        List<String> districts = new ArrayList<>();
        try (var entries = Files.list(addresses)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("district="))
                    .forEach(n -> districts.add(HivePath.unescape(n.substring(9))));
        }
        List<String> registered = new ArrayList<>();
        try {
            run.glue.getPartitionsPaginator(b -> b.databaseName("faults").tableName("faults_address")).stream()
                    .flatMap(r -> r.partitions().stream())
                    .forEach(p -> registered.add(p.values().get(0)));
        } catch (EntityNotFoundException e) {
            return districts.isEmpty();
        }
        return registered.containsAll(districts);
    }

    /**
     * How each table's current-state view, as the catalog registered it in Glue, differs from the mirror's current
     * state when DuckDB runs the view's SQL over the lake's objects: empty when they agree (key and last_update of
     * every row).
     */
    List<String> viewsDiffering() throws SQLException {
        List<String> differing = new ArrayList<>();
        for (LakeMirror.Mirrored table : tables) {
            String name = table.topic().replace('.', '_');
            Table view = run.glue
                    .getTable(b -> b.databaseName("faults").name(name + "_current"))
                    .table();
            String sql =
                    PrestoView.sqlOf(view.viewOriginalText()).replace("\"faults\".\"" + name + "\"", "lake_objects");
            Map<String, Long> throughView = mirror.query(
                    table,
                    "SELECT CAST(\"" + table.key() + "\" AS VARCHAR),"
                            + " epoch_us(CAST(last_update AS TIMESTAMPTZ)) FROM (" + sql + ") AS current_state");
            Map<String, Long> expected = mirror.lastUpdates(table);
            if (!throughView.equals(expected)) {
                Map<String, Long> extra = new LinkedHashMap<>(throughView);
                expected.keySet().forEach(extra::remove);
                Map<String, Long> missing = new LinkedHashMap<>(expected);
                throughView.keySet().forEach(missing::remove);
                differing.add(name + "_current: " + throughView.size() + " rows, the mirror " + expected.size()
                        + "; only in the view "
                        + extra.keySet().stream().limit(5).toList() + ", only in the mirror "
                        + missing.keySet().stream().limit(5).toList());
            }
        }
        return differing;
    }

    @Override
    public void close() throws Exception {
        try {
            workload.close();
        } finally {
            try {
                if (iceberg.isPresent()) {
                    iceberg.get().close();
                }
                mirror.close();
            } finally {
                run.close();
                proxies.close();
            }
        }
    }

    /** Proxies in front of S3, DynamoDB and Glue, which the functions reach through the SDK's endpoint overrides. */
    static final class Proxies implements LocalRun.Wiring, AutoCloseable {
        FaultProxy s3;
        FaultProxy dynamoDb;
        FaultProxy glue;
        private final boolean softDeletes;

        Proxies(boolean softDeletes) {
            this.softDeletes = softDeletes;
        }

        @Override
        public void prepare(Connection database) throws SQLException {
            if (softDeletes) {
                try (Statement statement = database.createStatement()) {
                    for (String table : List.of("address", "city", "country")) {
                        statement.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS deleted_at timestamptz");
                    }
                }
            }
        }

        @Override
        public Map<String, String> endpoints(LocalStack stack, Map<String, String> aws) {
            s3 = FaultProxy.start("s3", stack.s3().uri());
            dynamoDb = FaultProxy.start("dynamodb", stack.dynamoDb().uri());
            glue = FaultProxy.start("glue", stack.glue().uri());
            Map<String, String> proxied = new LinkedHashMap<>(aws);
            proxied.put("AWS_ENDPOINT_URL_S3", s3.uri().toString());
            proxied.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.uri().toString());
            proxied.put("AWS_ENDPOINT_URL_GLUE", glue.uri().toString());
            return proxied;
        }

        @Override
        public LocalFunctions.Limits limits() {
            // Short timeouts, so that a timed-out invocation costs seconds; a short lease, so that the invocation
            // after a crash polls.
            return new LocalFunctions.Limits(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(4),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(20));
        }

        /** Removes every fault. */
        void clear() {
            for (FaultProxy proxy : new FaultProxy[] {s3, dynamoDb, glue}) {
                if (proxy != null) {
                    proxy.clear();
                }
            }
        }

        @Override
        public void close() {
            for (FaultProxy proxy : new FaultProxy[] {s3, dynamoDb, glue}) {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }
    }

    /** Whether a request writes a high-water mark. */
    static boolean isMarkWrite(ProxiedRequest request) {
        return request.operation().endsWith(".UpdateItem") && request.bodyText().contains("\"mark#");
    }
}
