package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference documentation is generated from the declarations, and every setting has a description. */
class ConfigurationReferenceTest {

    private static final Path ROOT = Path.of("..");
    private static final Path REFERENCE = ROOT.resolve(Path.of("docs", "configuration.md"));

    @Test
    void shouldDocumentEverySetting() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(PipelineReference.ROOT, "", undocumented);
        assertThat(undocumented).as("settings without documentation").isEmpty();
    }

    @Test
    void shouldKeepTheCommittedReferenceCompleteAndCurrent() throws IOException {
        String generated = PipelineReference.markdown(ROOT);
        if (Boolean.getBoolean("tributary.docs.update")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: run ./mvnw -pl core test -Dtributary.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void shouldDocumentEachFunctionsEnvironmentVariablesWithTheirDefaults() throws IOException {
        String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);

        assertThat(reference)
                .contains("## Function environment")
                .contains("| `TRIBUTARY_POLLER_DEADLINE_MARGIN` | `10s` | How long before the Lambda deadline")
                .contains("| `TRIBUTARY_POLLER_MAX_DURATION` | none | Upper limit of one invocation's polling")
                .contains("| `TRIBUTARY_METRICS_ENABLED` | `true` | Whether each invocation writes its metrics")
                .contains("| `TRIBUTARY_CONFIG` | required | Location of the pipeline file");
    }

    private static void collectUndocumented(ConfigGroup group, String path, List<String> undocumented) {
        if (group.description().isBlank()) {
            undocumented.add(path);
        }
        for (Setting<?> setting : group.settings()) {
            if (setting.documentation().isBlank()) {
                undocumented.add(path + "." + setting.key());
            }
            setting.choices().stream()
                    .filter(c -> c.description().isBlank())
                    .forEach(c -> undocumented.add(path + "." + setting.key() + "=" + c.configValue()));
        }
        for (Map.Entry<String, ConfigGroup> entry : group.objects().entrySet()) {
            collectUndocumented(entry.getValue(), path + "." + entry.getKey(), undocumented);
        }
        for (Map.Entry<String, ConfigGroup> entry : group.lists().entrySet()) {
            collectUndocumented(entry.getValue(), path + "." + entry.getKey() + "[]", undocumented);
        }
    }
}
