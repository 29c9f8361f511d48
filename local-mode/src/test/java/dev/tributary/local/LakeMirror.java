package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The lake's current state of some tables, read as Athena would read the lake (DuckDB over the objects' files), and
 * compared with PostgreSQL. Objects are read once each, as they appear (again if rewritten), so that a check stays
 * cheap while the lake grows: per key, the version with the latest change time at the source, then Kafka partition
 * and offset, as the catalog's current-state view orders them. Also counts the records that two objects hold, which
 * only a redelivery with other batch boundaries may cause.
 */
final class LakeMirror implements AutoCloseable {

    /** The filesystem-backed S3 server's upload in progress: {@code <key>-<uuid>}, renamed when complete. */
    private static final Pattern IN_PROGRESS =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /**
     * A table of the source and its topic in the lake.
     *
     * @param table the PostgreSQL table
     * @param topic its topic, whose objects lie under {@code <topics directory>/<topic>/}
     * @param key its key column
     * @param columns the columns compared besides the key and {@code last_update}
     * @param present the SQL condition under which a PostgreSQL row is present (not soft-deleted)
     */
    record Mirrored(String table, String topic, String key, List<String> columns, String present) {

        Mirrored(String table, String topic, String key, List<String> columns) {
            this(table, topic, key, columns, "true");
        }
    }

    /** One version of a row: where it sits in the order of versions, and what it holds (nothing, if deleted). */
    private record Version(
            long sourceTs, int partition, long offset, Long lastUpdate, List<String> values, boolean deleted) {

        boolean after(Version other) {
            if (sourceTs != other.sourceTs) {
                return sourceTs > other.sourceTs;
            }
            return partition != other.partition ? partition > other.partition : offset > other.offset;
        }
    }

    /**
     * How the lake differs from PostgreSQL.
     *
     * @param missing rows the lake's current state lacks
     * @param stale rows whose latest version in the lake is not PostgreSQL's
     * @param extra keys in the lake's current state that PostgreSQL no longer has: deleted rows still present
     */
    record Difference(int missing, int stale, int extra, List<String> examples) {

        boolean none() {
            return missing == 0 && stale == 0 && extra == 0;
        }

        int lost() {
            return missing + stale;
        }

        Difference plus(Difference other) {
            List<String> both = new ArrayList<>(examples);
            other.examples().stream().limit(Math.max(0, 10 - both.size())).forEach(both::add);
            return new Difference(missing + other.missing(), stale + other.stale(), extra + other.extra(), both);
        }
    }

    private final Path topicsDirectory;
    private final List<Mirrored> tables;
    private final Connection duck;
    private final Map<String, Map<String, Version>> current = new HashMap<>();
    /** Files read, with the size and time they were read at. */
    private final Map<Path, String> read = new HashMap<>();
    /** The file that first held each record ({@code topic/partition/offset}). */
    private final Map<String, Path> holder = new HashMap<>();

    private final Set<Path> duplicateObjects = new HashSet<>();
    private long duplicateRecords;

    LakeMirror(Path topicsDirectory, List<Mirrored> tables) throws SQLException {
        this.topicsDirectory = topicsDirectory;
        this.tables = List.copyOf(tables);
        this.duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duck.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
        }
        tables.forEach(t -> current.put(t.topic(), new HashMap<>()));
    }

    /** Reads the objects that appeared or changed since the last refresh. */
    synchronized void refresh() throws SQLException {
        for (Mirrored table : tables) {
            Path directory = topicsDirectory.resolve(table.topic());
            if (!Files.isDirectory(directory)) {
                continue;
            }
            List<Path> fresh = new ArrayList<>();
            for (Map.Entry<Path, String> file : objects(directory).entrySet()) {
                if (!file.getValue().equals(read.get(file.getKey()))) {
                    fresh.add(file.getKey());
                    read.put(file.getKey(), file.getValue());
                }
            }
            for (int from = 0; from < fresh.size(); from += 500) {
                load(table, fresh.subList(from, Math.min(fresh.size(), from + 500)));
            }
        }
    }

    /**
     * The data objects under a directory, with their size and time: uploads in progress are left out, and so is a
     * file that the S3 server renames or replaces while the directory is walked.
     */
    private static Map<Path, String> objects(Path directory) {
        Map<Path, String> objects = new HashMap<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile()
                            && !IN_PROGRESS.matcher(name).find()
                            && (name.endsWith(".parquet") || name.endsWith(".json"))) {
                        objects.put(
                                file,
                                attributes.size() + "@"
                                        + attributes.lastModifiedTime().toMillis());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private void load(Mirrored table, List<Path> files) throws SQLException {
        boolean parquet = files.get(0).getFileName().toString().endsWith(".parquet");
        String list = files.stream()
                .map(f -> "'" + f.toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        String reader = parquet
                ? "read_parquet(" + list + ", hive_partitioning = true, filename = true," + " union_by_name = true)"
                : "read_json(" + list + ", format = 'newline_delimited',"
                        + " hive_partitioning = true, filename = true, union_by_name = true)";
        // Objects holding only deletes have the key columns alone (delete records) or none (tombstones).
        Set<String> present = new HashSet<>();
        try (Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT *" + " FROM " + reader)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        }
        if (!present.contains(table.key())) {
            // Tombstones carry their key in the record key only; the delete record before each has the key column.
            return;
        }
        Function<String, String> column = c -> present.contains(c) ? "\"" + c + "\"" : "NULL";
        StringBuilder sql = new StringBuilder("SELECT CAST(\"" + table.key() + "\" AS VARCHAR),"
                + " epoch_us(CAST(__source_ts AS TIMESTAMPTZ)), __partition, __offset,"
                + " epoch_us(CAST(" + column.apply("last_update") + " AS TIMESTAMPTZ)), filename, __op");
        table.columns()
                .forEach(c -> sql.append(", CAST(").append(column.apply(c)).append(" AS VARCHAR)"));
        sql.append(" FROM ")
                .append(reader)
                .append(" WHERE \"")
                .append(table.key())
                .append("\" IS NOT NULL");
        Map<String, Version> versions = current.get(table.topic());
        try (Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery(sql.toString())) {
            while (rs.next()) {
                String key = rs.getString(1);
                int partition = rs.getInt(3);
                long offset = rs.getLong(4);
                Path file = Path.of(rs.getString(6));
                String record = table.topic() + "/" + partition + "/" + offset;
                Path first = holder.putIfAbsent(record, file);
                if (first != null && !first.equals(file)) {
                    duplicateRecords++;
                    duplicateObjects.add(first);
                    duplicateObjects.add(file);
                }
                List<String> values = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    values.add(rs.getString(8 + i));
                }
                long lastUpdate = rs.getLong(5);
                Long updated = rs.wasNull() ? null : lastUpdate;
                Version version =
                        new Version(rs.getLong(2), partition, offset, updated, values, "d".equals(rs.getString(7)));
                versions.merge(key, version, (a, b) -> b.after(a) ? b : a);
            }
        }
    }

    /** A row as PostgreSQL holds it: {@code last_update} in epoch microseconds and the compared columns as text. */
    record Row(long lastUpdate, List<String> values) {}

    /** The present rows of a table in PostgreSQL now, by key (as text). */
    static Map<String, Row> postgresRows(Connection postgres, Mirrored table) throws SQLException {
        String columns =
                table.columns().stream().map(c -> "CAST(\"" + c + "\" AS text)").collect(Collectors.joining(", "));
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Statement statement = postgres.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(\""
                        + table.key() + "\" AS text), (extract(epoch FROM last_update) * 1000000)::bigint, " + columns
                        + " FROM \"" + table.table() + "\" WHERE " + table.present())) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    values.add(rs.getString(3 + i));
                }
                rows.put(rs.getString(1), new Row(rs.getLong(2), values));
            }
        }
        return rows;
    }

    /**
     * How a current state (key to row) differs from PostgreSQL's present rows.
     *
     * @param label what the current state is, for the examples
     */
    static Difference difference(String label, Map<String, Row> postgres, Map<String, Row> current) {
        int missing = 0;
        int stale = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Row> left = new LinkedHashMap<>(current);
        for (Map.Entry<String, Row> row : postgres.entrySet()) {
            Row lake = left.remove(row.getKey());
            if (lake == null) {
                missing++;
                example(examples, label + " " + row.getKey() + " missing");
            } else if (!lake.equals(row.getValue())) {
                stale++;
                example(
                        examples,
                        label + " " + row.getKey() + " stale: lake " + lake + ", PostgreSQL " + row.getValue());
            }
        }
        left.keySet().stream()
                .limit(3)
                .forEach(k ->
                        example(examples, label + " " + k + " deleted in PostgreSQL, in the lake's current state"));
        return new Difference(missing, stale, left.size(), examples);
    }

    /** Compares the current state with PostgreSQL's rows now. */
    synchronized Difference compare(Connection postgres) throws SQLException {
        Difference all = new Difference(0, 0, 0, List.of());
        for (Mirrored table : tables) {
            Map<String, Row> lake = new LinkedHashMap<>();
            current.get(table.topic()).forEach((key, version) -> {
                if (!version.deleted()) {
                    lake.put(
                            key,
                            new Row(
                                    version.lastUpdate() == null ? Long.MIN_VALUE : version.lastUpdate(),
                                    version.values()));
                }
            });
            all = all.plus(difference(table.table(), postgresRows(postgres, table), lake));
        }
        return all;
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
    }

    /** Records that more than one object holds. */
    synchronized long duplicateRecords() {
        return duplicateRecords;
    }

    /** Objects holding a record that another object holds too. */
    synchronized int duplicateObjects() {
        return duplicateObjects.size();
    }

    /** Objects read so far. */
    synchronized int objects() {
        return read.size();
    }

    /**
     * The current state of a table by running SQL over all its objects (the catalog's view, say); returns key to
     * {@code last_update} in epoch microseconds.
     *
     * @param sql a query over a relation named {@code lake_objects}, answering the key and last_update columns
     */
    Map<String, Long> query(Mirrored table, String sql) throws SQLException {
        Path directory = topicsDirectory.resolve(table.topic());
        boolean parquet;
        try (Stream<Path> files = Files.walk(directory)) {
            parquet = files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String glob = "'" + directory.toString().replace("'", "''") + "/**/*" + (parquet ? ".parquet" : ".json") + "'";
        String reader = parquet
                ? "read_parquet(" + glob + ", hive_partitioning = true, union_by_name = true)"
                : "read_json(" + glob + ", format = 'newline_delimited', hive_partitioning = true,"
                        + " union_by_name = true)";
        Map<String, Long> rows = new HashMap<>();
        try (Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery(sql.replace("lake_objects", reader))) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    /** The mirror's own answer to {@link #query}: key to {@code last_update}. */
    synchronized Map<String, Long> lastUpdates(Mirrored table) {
        Map<String, Long> rows = new HashMap<>();
        current.get(table.topic()).forEach((key, version) -> {
            if (!version.deleted()) {
                rows.put(key, version.lastUpdate());
            }
        });
        return rows;
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
