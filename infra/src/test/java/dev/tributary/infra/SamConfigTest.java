package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * samconfig.toml makes the guide's SAM CLI commands work on SAM CLI 1.161.0 and later, which expand the template's
 * Fn::ForEach only with language_extensions set for each command (aws/aws-sam-cli#9033).
 */
class SamConfigTest {

    /** The commands the guides run on the template (README.md, infra/README.md). */
    private static final List<String> COMMANDS = List.of("validate", "build", "package", "deploy", "sync");

    @Test
    void shouldExpandLanguageExtensionsInEveryCommandTheGuidesRun() {
        Map<String, Map<String, String>> config = sections(Repository.read("samconfig.toml"));

        for (String command : COMMANDS) {
            assertThat(config.get("default." + command + ".parameters"))
                    .as("[default.%s.parameters]", command)
                    .containsEntry("language_extensions", "true");
        }
        assertThat(config.get("default.deploy.parameters"))
                .containsEntry("capabilities", "\"CAPABILITY_IAM CAPABILITY_AUTO_EXPAND\"");
    }

    @Test
    void shouldNameOnlyCommandsTheGuidesRunAndTheVersionsTried() {
        String readme = Repository.read("README.md");
        String guide = Repository.read("infra/README.md");

        for (String text : List.of(readme, guide)) {
            assertThat(text)
                    .contains("sam build")
                    .contains("sam deploy")
                    .contains("1.161.0")
                    .contains("language_extensions");
        }
        assertThat(guide).contains("sam validate --lint");
    }

    /** Negative control: a section without the setting is seen as such. */
    @Test
    void shouldSeeASectionWithoutTheSetting() {
        Map<String, Map<String, String>> config = sections("[default.build.parameters]\ncached = true\n");

        assertThat(config.get("default.build.parameters"))
                .doesNotContainKey("language_extensions")
                .containsEntry("cached", "true");
    }

    /** The TOML subset samconfig.toml uses: [section] headers and key = value lines, # comments. */
    static Map<String, Map<String, String>> sections(String toml) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = sections.computeIfAbsent("", k -> new LinkedHashMap<>());
        for (String raw : toml.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(
                        line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
            } else if (line.contains("=")) {
                current.put(
                        line.substring(0, line.indexOf('=')).strip(),
                        line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return sections;
    }
}
