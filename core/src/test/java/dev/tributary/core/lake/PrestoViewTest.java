package dev.tributary.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PrestoViewTest {

    @Test
    void shouldReadBackTheSqlOfAViewItEncoded() {
        ObjectNode definition = new ObjectMapper()
                .createObjectNode()
                .put("originalSql", "SELECT \"a\" FROM \"t\"")
                .put("catalog", "awsdatacatalog")
                .put("schema", "lake");

        String text = PrestoView.originalText(definition);

        assertThat(text).startsWith("/* Presto View: ").endsWith(" */");
        assertThat(PrestoView.sqlOf(text)).isEqualTo("SELECT \"a\" FROM \"t\"");
    }

    @Test
    void shouldRefuseTextThatIsNotAPrestoView() {
        assertThatThrownBy(() -> PrestoView.sqlOf("SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a Presto view definition");
        assertThatThrownBy(() -> PrestoView.sqlOf("/* Presto View: e30= */"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no originalSql");
    }
}
