package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.MappingDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    void shouldDocumentEveryFunctionSetting() throws Exception {
        Path source = Path.of("src/main/java/dev/tributary/sink/SinkSettings.java");

        assertThat(MappingDocumentation.undocumented(source))
                .as("settings without javadoc in " + source)
                .isEmpty();
    }
}
