package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.lake.PrestoView;
import dev.tributary.localstack.sample.PagilaSample;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The seed walkthrough through all three functions: the Pagila sample captured by three sources, written by three
 * sinks, registered by the catalog; then the seed's updates, and the current-state view read with DuckDB.
 *
 * <p>The tests that only read share one lake, made once; a test that changes its source makes a lake of its own.
 */
class SeedWalkthroughTest {

    /** Read only: no test changes its database or lake. */
    private static SeedLake seed;

    private static String glueDatabase;
    private static String prefix;
    private static String bucket;
    private static GlueClient glue;
    private static S3Client s3;

    @BeforeAll
    static void initialLoadThenUpdates() throws Exception {
        seed = new SeedLake();
        glueDatabase = seed.glueDatabase;
        prefix = seed.prefix;
        bucket = seed.bucket;
        glue = seed.glue;
        s3 = seed.s3;
    }

    @AfterAll
    static void close() {
        seed.close();
    }

    @Test
    void shouldRegisterOneTablePerTopicWithItsColumnsAndCountryPartitions() {
        Map<String, Table> tables = new LinkedHashMap<>();
        glue.getTablesPaginator(b -> b.databaseName(glueDatabase)).stream()
                .flatMap(r -> r.tableList().stream())
                .forEach(t -> tables.put(t.name(), t));
        String base = prefix.replace('.', '_');
        assertThat(tables)
                .containsKeys(
                        base + "pagila_public_address",
                        base + "pagila_public_city",
                        base + "pagila_public_country",
                        base + "pagila_public_alt_address",
                        base + "pagila_query",
                        base + "pagila_query_current",
                        base + "pagila_public_address_current");
        Table query = tables.get(base + "pagila_query");
        assertThat(query.partitionKeys()).extracting(Column::name).containsExactly("country");
        List<String> columns =
                query.storageDescriptor().columns().stream().map(Column::name).toList();
        assertThat(columns)
                .contains(
                        "address_id",
                        "address",
                        "address2",
                        "city",
                        "state_province",
                        "postal_code",
                        "phone",
                        "last_update",
                        "message_topic",
                        "message_source",
                        "message_source_engine",
                        "environment")
                .doesNotContain("country", "district");
        assertThat(query.parameters()).containsEntry("compressionType", "gzip");
        List<String> countries =
                glue.getPartitionsPaginator(b -> b.databaseName(glueDatabase).tableName(base + "pagila_query")).stream()
                        .flatMap(r -> r.partitions().stream())
                        .map(p -> p.values().get(0))
                        .toList();
        assertThat(countries).contains("United States", "Canada").doesNotHaveDuplicates();
        assertThat(tables.get(base + "pagila_public_address").partitionKeys())
                .extracting(Column::name)
                .containsExactly("partition");
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("topics/" + prefix + "pagila.query/"))
                        .contents())
                .anyMatch(o -> o.key()
                        .matches("topics/" + Pattern.quote(prefix)
                                + "pagila\\.query/country=United States/" + Pattern.quote(prefix)
                                + "pagila\\.query\\+0\\+\\d{10}\\.gz\\.parquet"));
        assertThat(countries.stream().map(List::of).toList()).isNotEmpty();
        assertThat(partitionValues(base + "pagila_public_country")).containsExactly(List.of("0"));
    }

    @Test
    void shouldShowTheLatestRowPerAddressInTheCurrentStateView() throws Exception {
        String sql = viewOverTheLake(seed, "pagila.query", "read_parquet", "parquet");
        Map<Integer, String> lakeRows = new LinkedHashMap<>();
        int rows = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("SELECT address_id, state_province, phone, country FROM (" + sql
                        + ") AS current_state ORDER BY address_id")) {
            while (rs.next()) {
                rows++;
                lakeRows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        Map<Integer, String> source = new LinkedHashMap<>();
        try (Connection connection = database();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT a.address_id, a.district, a.phone, country.country"
                        + " FROM address a JOIN city USING (city_id) JOIN country USING (country_id)"
                        + " WHERE a.address_id BETWEEN 100 AND 105 ORDER BY a.address_id")) {
            while (rs.next()) {
                source.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        assertThat(rows)
                .as("one row per address but 104, deleted")
                .isEqualTo(lakeRows.size())
                .isEqualTo(PagilaSample.ADDRESSES - 1);
        assertThat(lakeRows).doesNotContainKey(104);
        assertThat(lakeRows.get(100)).startsWith("Updated 100|555-100|");
        for (Map.Entry<Integer, String> entry : source.entrySet()) {
            assertThat(lakeRows.get(entry.getKey()))
                    .as("address " + entry.getKey())
                    .isEqualTo(entry.getValue());
        }
    }

    @Test
    void shouldServeTheSameViewOverTheJsonTable() throws Exception {
        String sql = viewOverTheLake(seed, "pagila.public.address", "read_json_auto", "json");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT address_id),"
                        + " max(CASE WHEN address_id = 101 THEN district END) FROM (" + sql + ") AS current_state")) {
            rs.next();
            // Every address but 104, deleted.
            assertThat(rs.getLong(1)).isEqualTo(PagilaSample.ADDRESSES - 1);
            assertThat(rs.getLong(2)).isEqualTo(PagilaSample.ADDRESSES - 1);
            assertThat(rs.getString(3)).isEqualTo("Updated 101");
        }
    }

    @Test
    void shouldAddAColumnAddedInPostgresAndKeepReadingTheOlderObjects() throws Exception {
        try (SeedLake own = new SeedLake();
                Connection connection = own.database();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE country ADD COLUMN iso_code text");
            statement.execute("UPDATE country SET iso_code = 'AT', last_update = now() WHERE country = 'Atlantis'");
            own.cycle();

            Table country = own.glue
                    .getTable(b -> b.databaseName(own.glueDatabase).name(own.table("pagila.public.country")))
                    .table();
            List<String> columns = country.storageDescriptor().columns().stream()
                    .map(Column::name)
                    .toList();
            assertThat(columns).endsWith("iso_code").startsWith("country_id", "country", "last_update");
            String sql = viewOverTheLake(own, "pagila.public.country", "read_json_auto", "json");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement lake = duck.createStatement();
                    ResultSet rs = lake.executeQuery("SELECT count(*), count(iso_code),"
                            + " max(CASE WHEN country = 'Atlantis' THEN iso_code END) FROM (" + sql
                            + ") AS current_state")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("every country, old objects included")
                        .isEqualTo(countries(connection));
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.getString(3)).isEqualTo("AT");
            }
        }
    }

    private static long countries(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM country")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The SQL of a topic's current-state view as the catalog stored it in Glue, reading the topic's objects in the
     * lake directly where Athena would read the table.
     */
    private static String viewOverTheLake(SeedLake lake, String topic, String reader, String extension) {
        String table = lake.table(topic);
        Table view = lake.glue
                .getTable(b -> b.databaseName(lake.glueDatabase).name(table + "_current"))
                .table();
        String objects = lake.stack.s3Directory().orElseThrow().resolve(lake.bucket) + "/topics/" + lake.prefix + topic;
        return PrestoView.sqlOf(view.viewOriginalText())
                .replace(
                        "\"" + lake.glueDatabase + "\".\"" + table + "\"",
                        reader + "('" + objects + "/*/*." + extension + "'," + " hive_partitioning = true,"
                                + " union_by_name = true)");
    }

    private static List<List<String>> partitionValues(String table) {
        return glue.getPartitionsPaginator(b -> b.databaseName(glueDatabase).tableName(table)).stream()
                .flatMap(r -> r.partitions().stream())
                .map(Partition::values)
                .toList();
    }

    private static Connection database() throws SQLException {
        return seed.database();
    }
}
