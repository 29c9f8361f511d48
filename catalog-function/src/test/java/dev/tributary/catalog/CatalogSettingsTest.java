package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.MappingDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

    @Test
    void shouldDocumentEveryFunctionSetting() throws Exception {
        Path source = Path.of("src/main/java/dev/tributary/catalog/CatalogSettings.java");

        assertThat(MappingDocumentation.undocumented(source))
                .as("settings without javadoc in " + source)
                .isEmpty();
    }
}
