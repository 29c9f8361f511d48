package dev.tributary.poller.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.poller.source.DatabaseCatalog.Relation;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSelectionTest {

    private static final List<Relation> RELATIONS = List.of(
            new Relation(new TableName("public", "orders"), "r", false),
            new Relation(new TableName("public", "order_lines"), "r", false),
            new Relation(new TableName("public", "order_view"), "v", false),
            new Relation(new TableName("sales", "orders"), "r", false),
            new Relation(new TableName("public", "events"), "p", false),
            new Relation(new TableName("public", "events_2026"), "r", true));

    @Test
    void shouldSelectTheTablesThePatternsMatchLessTheExcludedInNameOrder() {
        List<TableName> tables =
                TableSelection.select(CatalogDatabase.source("""
                        - name: s
                          tables: ["order*", "sales.orders"]
                          exclude-tables: order_lines
                          topic-prefix: p.
                          mode: bulk
                        """), RELATIONS, "sources[1] ('s')", "poller");
        assertThat(tables).containsExactly(new TableName("public", "orders"), new TableName("sales", "orders"));
    }

    @Test
    void shouldReadAPartitionedTableWholeOrElseItsPartitionsAsTables() {
        List<TableName> tables = TableSelection.select(CatalogDatabase.source("""
                        - name: s
                          tables: "events*"
                          table-types: [table, partitioned-table]
                          topic-prefix: p.
                          mode: bulk
                        """), RELATIONS, "s", "poller");
        List<TableName> partitions = TableSelection.select(CatalogDatabase.source("""
                        - name: s
                          tables: "events*"
                          table-types: [table]
                          topic-prefix: p.
                          mode: bulk
                        """), RELATIONS, "s", "poller");
        assertThat(tables).containsExactly(new TableName("public", "events"));
        assertThat(partitions).containsExactly(new TableName("public", "events_2026"));
    }

    @Test
    void shouldNameTheKindOfARelationThatTableTypesLeavesOut() {
        assertThatThrownBy(() -> TableSelection.select(CatalogDatabase.source("""
                                - name: s
                                  tables: order_view
                                  topic-prefix: p.
                                  mode: bulk
                                """), RELATIONS, "s", "poller"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot capture table order_view for source s because public.order_view is a view, and"
                        + " table-types is [table, partitioned-table]; add its kind to table-types to capture it");
    }

    @Test
    void shouldNameTheUserWhenNoTableMatches() {
        assertThatThrownBy(() -> TableSelection.select(CatalogDatabase.source("""
                                - name: s
                                  tables: missing
                                  topic-prefix: p.
                                  mode: bulk
                                """), RELATIONS, "s", "poller"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("because no such table exists, or user poller cannot see it");
    }

    @Test
    void shouldRefuseExclusionsThatLeaveNoTable() {
        assertThatThrownBy(() -> TableSelection.select(CatalogDatabase.source("""
                                - name: s
                                  tables: orders
                                  exclude-tables: "*"
                                  topic-prefix: p.
                                  mode: bulk
                                """), RELATIONS, "s", "poller"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot capture source s because exclude-tables leaves no table");
    }
}
