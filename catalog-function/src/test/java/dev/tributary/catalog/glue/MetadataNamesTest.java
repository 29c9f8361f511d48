package dev.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.schema.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataNamesTest {

    @Test
    void shouldReadTheNamesTheSinkGaveAfterTheRecordsOwnFields() {
        List<Column> columns = SinkColumns.around(
                List.of(new Column("id", "int"), new Column("__op", "string"), new Column("__key", "string")),
                new Column("___op", "string"),
                new Column("___key", "int"),
                new Column("phone", "string"));

        MetadataNames names = MetadataNames.of(columns).orElseThrow();

        assertThat(names)
                .isEqualTo(new MetadataNames(
                        "__topic",
                        "__partition",
                        "__offset",
                        "__timestamp",
                        "__source_ts",
                        "___op",
                        List.of("___key")));
        assertThat(names.all()).doesNotContain("__op", "__key", "id", "phone");
    }

    @Test
    void shouldFindKeyColumnsAppendedAfterLaterColumns() {
        List<Column> columns = SinkColumns.around(
                List.of(new Column("id", "int")),
                new Column("__op", "string"),
                new Column("phone", "string"),
                new Column("__key_id", "int"));

        assertThat(MetadataNames.of(columns).orElseThrow().keys()).containsExactly("__key_id");
    }

    @Test
    void shouldFindNoneWithoutTheSinksMetadataColumns() {
        assertThat(MetadataNames.of(List.of(
                        new Column("id", "int"),
                        new Column("__offset", "bigint"),
                        new Column("__op", "string"),
                        new Column("__key", "int"))))
                .isEmpty();
    }
}
