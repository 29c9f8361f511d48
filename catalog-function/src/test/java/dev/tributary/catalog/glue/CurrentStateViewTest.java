package dev.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.lake.PrestoView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

class CurrentStateViewTest {

    private static final List<Column> DATA = SinkColumns.around(
            List.of(new Column("id", "int"), new Column("region", "string"), new Column("name", "string")),
            new Column("__op", "string"),
            new Column("__key_id", "int"),
            new Column("__key_region", "string"));

    @Test
    void shouldRankRowsPerKeyByChangeTimeElseKafkaTimeThenOffsetAndLeaveDeletesAndKeylessRowsOut() {
        String sql =
                CurrentStateView.sql("lake", "orders", DATA, List.of("country")).orElseThrow();

        assertThat(sql)
                .isEqualTo("SELECT \"id\", \"region\", \"name\", \"country\" FROM (SELECT *, row_number()"
                        + " OVER (PARTITION BY \"__key_id\", \"__key_region\" ORDER BY coalesce(\"__source_ts\","
                        + " \"__timestamp\") DESC NULLS LAST, \"__partition\" DESC, \"__offset\" DESC) AS \"__rank\""
                        + " FROM \"lake\".\"orders\" WHERE \"__key_id\" IS NOT NULL OR \"__key_region\" IS NOT NULL)"
                        + " AS latest WHERE \"__rank\" = 1 AND \"__op\" <> 'd'");
    }

    @Test
    void shouldLeaveTheDeleteMarkerOutOfTheViewWhereverTheCatalogAddedIt() {
        List<Column> withMarker = new ArrayList<>(DATA);
        withMarker.add(new Column("__deleted", "boolean"));

        assertThat(CurrentStateView.visibleColumns(withMarker, List.of()))
                .extracting(Column::name)
                .containsExactly("id", "region", "name");
        assertThat(CurrentStateView.sql("lake", "orders", withMarker, List.of()).orElseThrow())
                .startsWith("SELECT \"id\", \"region\", \"name\" FROM")
                .endsWith("\"__op\" <> 'd'");
        // A table without the sink's metadata columns keeps a column of that name: it is the user's.
        assertThat(CurrentStateView.visibleColumns(List.of(new Column("__deleted", "boolean")), List.of()))
                .extracting(Column::name)
                .containsExactly("__deleted");
    }

    @Test
    void shouldUseTheMetadataNamesTheSinkGaveWhenRecordFieldsTookThePlainOnes() {
        List<Column> clashing = SinkColumns.around(
                List.of(new Column("id", "int"), new Column("__op", "string"), new Column("__rank", "int")),
                new Column("___op", "string"),
                new Column("__key", "int"),
                new Column("added_later", "string"));

        String sql = CurrentStateView.sql("lake", "t", clashing, List.of()).orElseThrow();

        assertThat(sql)
                .startsWith("SELECT \"id\", \"__op\", \"__rank\", \"added_later\" FROM")
                .contains("AS \"___rank\"")
                .endsWith("WHERE \"___rank\" = 1 AND \"___op\" <> 'd'");
        assertThat(CurrentStateView.visibleColumns(clashing, List.of()))
                .extracting(Column::name)
                .containsExactly("id", "__op", "__rank", "added_later");
    }

    @Test
    void shouldCompareChangeAndKafkaTimesAsTextWhenAJsonSampleTypedThemDifferently() {
        List<Column> json = List.of(
                new Column("id", "bigint"),
                new Column("__topic", "string"),
                new Column("__partition", "bigint"),
                new Column("__offset", "bigint"),
                new Column("__timestamp", "bigint"),
                new Column("__source_ts", "string"),
                new Column("__op", "string"),
                new Column("__key", "bigint"));

        String sql = CurrentStateView.sql("lake", "t", json, List.of()).orElseThrow();

        assertThat(sql)
                .contains("ORDER BY coalesce(CAST(\"__source_ts\" AS varchar), CAST(\"__timestamp\" AS"
                        + " varchar)) DESC NULLS LAST");
    }

    @Test
    void shouldHaveNoViewWithoutAKeyOrTheSinksMetadataColumns() {
        assertThat(CurrentStateView.sql("lake", "t", DATA.subList(0, DATA.size() - 2), List.of()))
                .isEmpty();
        assertThat(CurrentStateView.sql(
                        "lake", "t", List.of(new Column("id", "int"), new Column("__key", "int")), List.of()))
                .isEmpty();
    }

    @Test
    void shouldQuoteIdentifiersSafely() {
        String sql = CurrentStateView.sql(
                        "lake",
                        "t\"x",
                        SinkColumns.around(
                                List.of(new Column("we\"ird", "int")),
                                new Column("__op", "string"),
                                new Column("__key", "int")),
                        List.of())
                .orElseThrow();

        assertThat(sql).contains("\"we\"\"ird\"").contains("\"lake\".\"t\"\"x\"");
    }

    @Test
    void shouldEncodeTheViewAsAthenaStoresIt() throws Exception {
        String sql = CurrentStateView.sql("lake", "orders", DATA, List.of()).orElseThrow();

        TableInput view = CurrentStateView.tableInput(
                "orders_current",
                "lake",
                Table.builder().name("orders").versionId("3").build(),
                sql,
                CurrentStateView.visibleColumns(DATA, List.of(new Column("country", "string"))));

        assertThat(view.tableType()).isEqualTo("VIRTUAL_VIEW");
        assertThat(view.parameters())
                .containsEntry("presto_view", "true")
                .containsEntry("tributary.view-of", "orders")
                .containsEntry("tributary.table-version", "3");
        assertThat(view.viewExpandedText()).isEqualTo("/* Presto View */");
        assertThat(view.viewOriginalText()).startsWith("/* Presto View: ").endsWith(" */");
        JsonNode definition = new ObjectMapper()
                .readTree(new String(
                        Base64.getDecoder()
                                .decode(view.viewOriginalText()
                                        .substring(
                                                "/* Presto View: ".length(),
                                                view.viewOriginalText().length() - 3)),
                        StandardCharsets.UTF_8));
        assertThat(definition.path("catalog").asText()).isEqualTo("awsdatacatalog");
        assertThat(definition.path("schema").asText()).isEqualTo("lake");
        assertThat(definition.path("columns").toString())
                .isEqualTo("[{\"name\":\"id\",\"type\":\"integer\"},"
                        + "{\"name\":\"region\",\"type\":\"varchar\"},{\"name\":\"name\",\"type\":\"varchar\"},"
                        + "{\"name\":\"country\",\"type\":\"varchar\"}]");
        assertThat(PrestoView.sqlOf(view.viewOriginalText())).isEqualTo(sql);
        assertThat(view.storageDescriptor().columns())
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("id int", "region string", "name string", "country string");
    }
}
