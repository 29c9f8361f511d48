package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingSourceTest {

    private static final String SOURCE = """
            package example;

            /** Settings. */
            @ConfigMapping(prefix = "tributary")
            public interface ExampleSettings {

                /**
                 * Location of the {@code pipeline}
                 * file.
                 */
                String config();

                /** The group. */
                Timing timing();

                Optional<Duration> undocumented();

                /** Timing. */
                interface Timing {

                    /** How long {@link Duration} it waits; see {a brace}. */
                    @WithDefault("10s")
                    Duration deadlineMargin();

                    /** An upper limit. */
                    Optional<Duration> maxDuration();
                }
            }
            """;

    @TempDir
    Path directory;

    @Test
    void shouldNameEachSettingByItsVariableWithItsDefaultAndJavadoc() throws IOException {
        MappingSource source = MappingSource.read(write());

        assertThat(source.settings())
                .extracting(
                        MappingSource.MappedSetting::variable,
                        s -> s.method().defaultValue(),
                        s -> s.method().optional(),
                        s -> s.method().documentation())
                .containsExactly(
                        tuple("TRIBUTARY_CONFIG", Optional.empty(), false, "Location of the `pipeline` file."),
                        tuple(
                                "TRIBUTARY_TIMING_DEADLINE_MARGIN",
                                Optional.of("10s"),
                                false,
                                "How long `Duration` it waits; see {a brace}."),
                        tuple("TRIBUTARY_TIMING_MAX_DURATION", Optional.empty(), true, "An upper limit."),
                        tuple("TRIBUTARY_UNDOCUMENTED", Optional.empty(), true, ""));
    }

    @Test
    void shouldListTheMethodsWithoutJavadoc() throws IOException {
        assertThat(MappingDocumentation.undocumented(write())).containsExactly("undocumented");
    }

    private Path write() throws IOException {
        Path file = directory.resolve("ExampleSettings.java");
        Files.writeString(file, SOURCE, StandardCharsets.UTF_8);
        return file;
    }
}
