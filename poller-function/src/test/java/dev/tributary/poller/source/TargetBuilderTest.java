package dev.tributary.poller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.poller.capture.OrderColumn;
import dev.tributary.poller.schema.ColumnInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {

    private static CatalogDatabase database;

    @BeforeAll
    static void create() throws SQLException {
        database = CatalogDatabase.create(
                "CREATE TABLE items (id int PRIMARY KEY, created timestamp NOT NULL, updated timestamp,"
                        + " removed boolean, name text)",
                "CREATE TABLE codes (code text PRIMARY KEY, seq numeric(12,0) NOT NULL, label text)");
    }

    @AfterAll
    static void close() throws SQLException {
        database.close();
    }

    @Test
    void shouldCombineSeveralTimestampColumnsInAHiddenChangeTimeThatOrdersRows() throws SQLException {
        CaptureTarget target = build("""
                - name: s
                  tables: items
                  topic-prefix: p.
                  mode: timestamp
                  timestamp-columns: [created, updated]
                """, "items");
        assertThat(target.spec().orderColumns())
                .containsExactly(
                        new OrderColumn(
                                TargetBuilder.CHANGE_TIME_COLUMN, "GREATEST(\"created\", \"updated\")", "timestamp"),
                        OrderColumn.column("id", "int4"));
        assertThat(target.orderIndexes()).containsExactly(6, 1);
        assertThat(target.changeTimeZoned()).isFalse();
        assertThat(target.mapper().valueSchema().fields())
                .extracting(Field::name)
                .as("the change time is read, not written")
                .containsExactly("id", "created", "updated", "removed", "name");
        assertThat(target.mapper().keySchema().fields()).extracting(Field::name).containsExactly("id");
        assertThat(target.markKey()).isEqualTo("public.items");
    }

    @Test
    void shouldRefuseANullableChangeTimeUnlessTold() throws SQLException {
        String source = """
                - name: s
                  tables: items
                  topic-prefix: p.
                  mode: timestamp
                  timestamp-columns: updated
                """;
        assertThatThrownBy(() -> build(source, "items"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot track changes of table public.items by column updated because it is nullable,"
                        + " and a row where it is NULL would never be captured; make it NOT NULL, or set"
                        + " validate-non-null: false to accept that");
        assertThat(build(source + "  validate-non-null: false\n", "items")
                        .spec()
                        .changeTime())
                .hasValue(OrderColumn.column("updated", "timestamp"));
    }

    @Test
    void shouldRefuseATimestampColumnOfAnotherType() {
        assertThatThrownBy(() -> build("""
                        - name: s
                          tables: items
                          topic-prefix: p.
                          mode: timestamp
                          timestamp-columns: name
                        """, "items"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("by column name because its type is text; timestamp-columns must be of type");
    }

    @Test
    void shouldDefaultTheIncrementingColumnToASingleIntegerPrimaryKeyAndAcceptAnIntegralNumeric() throws SQLException {
        SourceConfig byDefault = CatalogDatabase.source("""
                - name: s
                  tables: items
                  topic-prefix: p.
                  mode: incrementing
                """);
        assertThat(TargetBuilder.incrementing(byDefault, columns("items"), List.of("id"), "items"))
                .hasValue("id");
        assertThatThrownBy(() -> TargetBuilder.incrementing(byDefault, columns("codes"), List.of("code"), "codes"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Missing setting incrementing-column for codes: mode incrementing needs it, and the table"
                        + " has no single-column integer primary key to default to");
        CaptureTarget codes = build("""
                - name: s
                  tables: codes
                  topic-prefix: p.
                  mode: incrementing
                  incrementing-column: seq
                """, "codes");
        assertThat(codes.spec().orderColumns()).containsExactly(OrderColumn.column("seq", "numeric"));
    }

    @Test
    void shouldFlagSoftDeletedRowsWithAValueOfTheColumnsType() throws SQLException {
        CaptureTarget target = build("""
                - name: s
                  tables: items
                  topic-prefix: p.
                  mode: bulk
                  deletes: {capture: soft, soft-column: removed, soft-value: "true"}
                """, "items");
        assertThat(target.spec().extraSelect())
                .containsExactly("(\"removed\" IS NOT DISTINCT FROM 'true'::bool) AS \"__tributary_deleted\"");
        assertThat(target.deletes()).isEqualTo(RowDeletes.flagged(6));
        assertThatThrownBy(() -> build("""
                        - name: s
                          tables: items
                          topic-prefix: p.
                          mode: bulk
                          deletes: {capture: soft, soft-column: removed, soft-value: "gone"}
                        """, "items"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s deletes.soft-value")
                .hasMessageContaining("must be a value of column removed of table public.items, of type bool");
    }

    private static CaptureTarget build(String yaml, String table) throws SQLException {
        SourceConfig source = CatalogDatabase.source(yaml);
        TableName name = new TableName("public", table);
        List<ColumnInfo> columns = columns(table);
        List<String> primaryKey = database.catalog.primaryKey(name);
        String where = "table " + name;
        return new TargetBuilder(database.catalog)
                .build(
                        source,
                        new TargetBuilder.Relation(
                                Optional.of(name),
                                "p." + table,
                                name.sql(),
                                columns,
                                primaryKey,
                                TargetBuilder.incrementing(source, columns, primaryKey, where),
                                table,
                                where,
                                true));
    }

    private static List<ColumnInfo> columns(String table) throws SQLException {
        return database.catalog.columns("SELECT * FROM " + table + " LIMIT 0");
    }
}
