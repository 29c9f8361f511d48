package dev.tributary.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonColumnsTest {

    @Test
    void shouldInferTypesInTheOrderFieldsFirstAppear() throws IOException {
        List<Column> columns = of("""
                {"id": 1, "name": "a", "price": 1, "active": true, "tags": ["x"], "geo": {"Lat": 1.5}}
                {"id": 2, "name": null, "price": 2.5, "extra": null, "tags": [], "geo": {"Lat": 2.0}}
                """, 1000);

        assertThat(columns)
                .containsExactly(
                        new Column("id", "bigint"),
                        new Column("name", "string"),
                        new Column("price", "double"),
                        new Column("active", "boolean"),
                        new Column("tags", "array<string>"),
                        new Column("geo", "struct<lat:double>"),
                        new Column("extra", "string"));
    }

    @Test
    void shouldFallBackToStringWhenRecordsDisagree() throws IOException {
        List<Column> columns = of("""
                {"code": 1}

                {"code": "A1"}
                {"code": {"nested": 1}}
                """, 1000);

        assertThat(columns).containsExactly(new Column("code", "string"));
    }

    @Test
    void shouldReadNoMoreThanTheSampleLimit() throws IOException {
        List<Column> columns = of("""
                {"a": 1}
                {"b": 2}
                {"c": 3}
                """, 2);

        assertThat(columns).extracting(Column::name).containsExactly("a", "b");
    }

    private static List<Column> of(String lines, int limit) throws IOException {
        return JsonColumns.of(new BufferedReader(new StringReader(lines)), limit);
    }
}
