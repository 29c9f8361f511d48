package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;
import dev.tributary.localstack.trino.TrinoQueries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        TrinoQueries.skipUnlessTrinoCanStart();
        // Trino starts (about 15 s) while the functions make the seed lake: the servers the lake needs first, so
        // that Trino's start holds none of them up.
        LocalStack stack = LocalStack.shared();
        stack.postgres();
        stack.kafka();
        stack.s3();
        stack.dynamoDb();
        stack.glue();
        CompletableFuture<TrinoEndpoint> starting = CompletableFuture.supplyAsync(stack::trino);
        seed = new SeedLake();
        try {
            trino = starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @AfterAll
    static void stop() {
        if (seed != null) {
            seed.close();
        }
    }

    private static List<List<String>> query(String sql) throws SQLException {
        return TrinoQueries.query(trino, seed.glueDatabase, sql);
    }

    /** What PostgreSQL answers to a query, as text. */
    private static List<List<String>> postgres(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = seed.database();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long count(List<List<String>> rows) {
        return Long.parseLong(rows.get(0).get(0));
    }

    /** The source table of a topic; the query source's rows are the addresses joined with city and country. */
    private static String sourceTable(String topic) {
        return topic.equals("pagila.query") ? "address" : topic.substring(topic.lastIndexOf('.') + 1);
    }

    @Test
    void shouldCompareTheDefaultPartitionersKeyWithAnInteger() throws Exception {
        List<List<String>> rows = query(
                "SELECT count(*) FROM " + seed.table("pagila.public.country") + " WHERE partition = 0 AND __op = 'u'");
        List<List<String>> none =
                query("SELECT count(*) FROM " + seed.table("pagila.public.country") + " WHERE partition > 0");

        assertThat(count(rows))
                .as("every version of every country, in partition 0")
                .isGreaterThanOrEqualTo(count(postgres("SELECT count(*) FROM country")));
        assertThat(count(none)).isZero();
    }

    @Test
    void shouldReadEveryTableByName() throws Exception {
        for (String topic : SeedLake.TOPICS) {
            long versions = count(query("SELECT count(*) FROM " + seed.table(topic) + " WHERE __op = 'u'"));
            assertThat(versions)
                    .as(topic)
                    .isGreaterThanOrEqualTo(count(postgres("SELECT count(*) FROM " + sourceTable(topic))));
        }
    }

    @Test
    void shouldOpenEveryCurrentStateViewByNameWithWhatPostgresHolds() throws Exception {
        for (String topic : SeedLake.TOPICS) {
            long current = count(query("SELECT count(*) FROM " + seed.table(topic) + "_current"));
            assertThat(current)
                    .as(topic + "_current")
                    .isEqualTo(count(postgres("SELECT count(*) FROM " + sourceTable(topic))));
        }
    }

    @Test
    void shouldShowTheAddressesOneHundredToOneHundredFiveAsPostgresHoldsThemInTheCurrentStateView() throws Exception {
        List<List<String>> rows = query("SELECT address_id, state_province, phone, country FROM "
                + seed.table("pagila.query") + "_current WHERE address_id BETWEEN 100 AND 105 ORDER BY address_id");
        List<List<String>> expected = postgres("SELECT a.address_id, a.district, a.phone, country.country"
                + " FROM address AS a JOIN city ON a.city_id = city.city_id JOIN country ON country.country_id ="
                + " city.country_id WHERE a.address_id BETWEEN 100 AND 105 ORDER BY a.address_id");

        assertThat(rows).isEqualTo(expected);
        assertThat(rows).extracting(r -> r.get(0)).as("104 deleted").containsExactly("100", "101", "102", "103", "105");
        assertThat(rows.get(0).get(1)).isEqualTo("Updated 100");
    }

    @Test
    void shouldGiveEachSourceColumnOneTypeWhateverTheFormat() throws Exception {
        List<List<String>> columns = query("SELECT table_name, column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + seed.glueDatabase + "' AND table_name IN ('"
                + seed.table("pagila.public.address") + "', '" + seed.table("pagila.public.alt.address") + "', '"
                + seed.table("pagila.query") + "')");
        Map<String, Set<String>> typesByColumn = new TreeMap<>();
        for (List<String> column : columns) {
            typesByColumn.computeIfAbsent(column.get(1), k -> new TreeSet<>()).add(column.get(2));
        }

        assertThat(typesByColumn)
                .containsEntry("address_id", Set.of("integer"))
                .containsEntry("last_update", Set.of("timestamp(3)"))
                .containsEntry("__timestamp", Set.of("timestamp(3)"))
                .containsEntry("__partition", Set.of("integer"));
        typesByColumn.forEach((column, types) -> assertThat(types).as(column).hasSize(1));
    }

    @Test
    void shouldCompareAndCastTimestampsAsTimestampsInEveryTableAndView() throws Exception {
        // The seed's changes came after this instant: the updates of 100 to 102, Atlantis, Poseidonia.
        String changed = postgres("SELECT to_char(min(last_update) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"
                        + " FROM address WHERE address_id IN (100, 101, 102)")
                .get(0)
                .get(0);
        for (String topic : SeedLake.TOPICS) {
            String table = seed.table(topic);
            long expected = count(postgres("SELECT count(*) FROM " + sourceTable(topic) + " WHERE last_update >=" + " '"
                    + changed + "+00'::timestamptz"));
            // One statement: the table, its view, and a cast compared with the Kafka timestamp.
            List<String> counts = query("SELECT (SELECT count(*) FROM " + table + " WHERE last_update >= TIMESTAMP '"
                            + changed + "'), (SELECT count(*) FROM " + table
                            + "_current WHERE last_update >= TIMESTAMP '"
                            + changed + "'), (SELECT count(*) FROM " + table
                            + " WHERE CAST(last_update AS timestamp(6)) <"
                            + " __timestamp + INTERVAL '1' DAY)")
                    .get(0);
            assertThat(Long.parseLong(counts.get(0))).as(table).isEqualTo(expected);
            assertThat(Long.parseLong(counts.get(1))).as(table + "_current").isEqualTo(expected);
            assertThat(Long.parseLong(counts.get(2)))
                    .as(table + ": cast, compared with the Kafka timestamp")
                    .isGreaterThanOrEqualTo(count(postgres("SELECT count(*) FROM " + sourceTable(topic))));
        }
    }

    @Test
    void shouldPruneThePartitionsOfAFieldPartitionedTable() throws Exception {
        String table = seed.table("pagila.query");
        List<List<String>> paths = query("SELECT DISTINCT \"$path\" FROM " + table + " WHERE country = 'Chad'");
        long expected = count(postgres("SELECT count(*) FROM address AS a JOIN city ON a.city_id = city.city_id"
                + " JOIN country ON country.country_id = city.country_id WHERE country.country = 'Chad'"));

        assertThat(count(query("SELECT count(*) FROM " + table + "_current WHERE country = 'Chad'")))
                .isEqualTo(expected);
        assertThat(paths)
                .isNotEmpty()
                .allSatisfy(path -> assertThat(path.get(0)).contains("/country=Chad/"));
    }

    /**
     * The seed article's Athena queries, unchanged but for the database: every version of addresses 100 to 105, and
     * the latest version of each by ROW_NUMBER(). The article captures no deletes, so its latest-version query still
     * shows 104's last version; the current-state view does not.
     */
    @Test
    void shouldRunTheSeedArticlesQueriesUnchanged() throws Exception {
        String table = seed.table("pagila.query");
        List<List<String>> history = query("SELECT * FROM \"" + seed.glueDatabase + "\".\"" + table + "\""
                + " WHERE address_id BETWEEN 100 AND 105");
        List<List<String>> latest = query("SELECT address_id, state_province, phone FROM (SELECT *, ROW_NUMBER()"
                + " OVER (PARTITION BY address_id ORDER BY last_UPDATE DESC) AS row_num FROM \"" + seed.glueDatabase
                + "\".\"" + table + "\") WHERE row_num = 1 AND address_id BETWEEN 100 AND 105 ORDER BY address_id");

        assertThat(history).as("six addresses, three updated, one deleted").hasSize(6 + 3 + 1);
        assertThat(latest).extracting(r -> r.get(0)).containsExactly("100", "101", "102", "103", "104", "105");
        assertThat(latest.get(2)).containsExactly("102", "Updated 102", "555-102");
    }

    /**
     * The article's CTAS: the query table's history copied to a Parquet table partitioned by country, at a location in
     * the local S3 server (Athena's {@code parquet_compression} is no Trino table property; the rest is unchanged).
     */
    @Test
    void shouldCreateAParquetTablePartitionedByCountryFromTheLake() throws Exception {
        String table = seed.table("pagila.query");
        List<List<String>> created = query("CREATE TABLE pagila_query_by_country WITH (format = 'PARQUET',"
                + " partitioned_by = ARRAY['country'], external_location = 's3://" + seed.bucket
                + "/ctas/pagila_query_by_country/') AS SELECT address_id, address, address2, city, state_province,"
                + " postal_code, phone, last_update, country FROM " + table);

        assertThat(count(created)).as("rows written").isEqualTo(count(query("SELECT count(*) FROM " + table)));
        assertThat(count(query("SELECT count(*) FROM pagila_query_by_country WHERE country = 'Chad'")))
                .isEqualTo(count(query("SELECT count(*) FROM " + table + " WHERE country = 'Chad'")))
                .isPositive();
        assertThat(query("SELECT data_type FROM information_schema.columns WHERE table_schema = '" + seed.glueDatabase
                        + "' AND table_name = 'pagila_query_by_country' AND column_name = 'last_update'"))
                .containsExactly(List.of("timestamp(3)"));
        assertThat(seed.s3
                        .listObjectsV2(
                                b -> b.bucket(seed.bucket).prefix("ctas/pagila_query_by_country/country=" + "Chad/"))
                        .contents())
                .isNotEmpty();
    }
}
