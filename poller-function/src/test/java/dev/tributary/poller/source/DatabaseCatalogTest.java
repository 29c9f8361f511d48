package dev.tributary.poller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.poller.schema.ColumnInfo;
import dev.tributary.poller.source.DatabaseCatalog.Relation;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseCatalogTest {

    private static CatalogDatabase database;

    @BeforeAll
    static void create() throws SQLException {
        database = CatalogDatabase.create(
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE lines (order_id int, line int NOT NULL, feeling mood, amount numeric(10,2),"
                        + " PRIMARY KEY (line, order_id))",
                "CREATE VIEW line_view AS SELECT * FROM lines",
                "CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    }

    @AfterAll
    static void close() throws SQLException {
        database.close();
    }

    @Test
    void shouldListTablesViewsAndPartitionsWithTheirKinds() throws SQLException {
        assertThat(database.catalog.relations())
                .containsExactlyInAnyOrder(
                        new Relation(new TableName("public", "lines"), "r", false),
                        new Relation(new TableName("public", "line_view"), "v", false),
                        new Relation(new TableName("public", "events"), "p", false),
                        new Relation(new TableName("public", "events_2026"), "r", true));
    }

    @Test
    void shouldDescribeColumnsWithNullabilityPrecisionAndEnumLabels() throws SQLException {
        List<ColumnInfo> columns = database.catalog.columns("SELECT * FROM lines LIMIT 0");
        assertThat(columns).extracting(ColumnInfo::name).containsExactly("order_id", "line", "feeling", "amount");
        assertThat(columns).extracting(ColumnInfo::nullable).containsExactly(false, false, true, true);
        assertThat(columns.get(2).enumLabels()).contains(List.of("sad", "ok", "happy"));
        assertThat(columns.get(3).precision()).isEqualTo(10);
        assertThat(columns.get(3).scale()).isEqualTo(2);
        assertThat(columns.get(0).enumLabels()).isEqualTo(Optional.empty());
    }

    @Test
    void shouldGiveThePrimaryKeyInTheKeysOrder() throws SQLException {
        assertThat(database.catalog.primaryKey(new TableName("public", "lines")))
                .containsExactly("line", "order_id");
        assertThat(database.catalog.primaryKey(new TableName("public", "events_2026")))
                .isEmpty();
    }

    @Test
    void shouldFindATableASettingNamesOrNameTheUserWhoCannotSeeIt() throws SQLException {
        assertThat(database.catalog.tableNamed("LINES", "deletes.table")).isEqualTo(new TableName("public", "lines"));
        assertThatThrownBy(() -> database.catalog.tableNamed("missing", "sources[1] deletes.table"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources[1] deletes.table")
                .hasMessageContaining("must name a table that exists and that user " + database.catalog.userName());
    }

    @Test
    void shouldSayWhyAnExpressionCannotBeSelectedAndGoOn() throws SQLException {
        assertThat(database.catalog.refusal("'happy'::mood")).isEmpty();
        assertThat(database.catalog.refusal("'glad'::mood"))
                .hasValueSatisfying(
                        message -> assertThat(message).contains("invalid input value for enum mood: \"glad\""));
        assertThat(database.catalog.columns("SELECT 1 AS one"))
                .as("the transaction was rolled back, so the connection goes on")
                .extracting(ColumnInfo::name)
                .containsExactly("one");
    }
}
