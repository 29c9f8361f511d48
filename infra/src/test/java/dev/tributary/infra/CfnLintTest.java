package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as AWS's own linter sees it: {@code cfn-lint} (1.51.0 on the development machines and CI) reports no
 * error and no warning. The linter is found on PATH, or at {@value #LINTER_VARIABLE}. Without it the class is skipped
 * with a message saying so, unless {@value #REQUIRED_VARIABLE} is set, as CI sets it: then it fails.
 */
class CfnLintTest {

    static final String LINTER_VARIABLE = "TRIBUTARY_CFN_LINT";
    static final String REQUIRED_VARIABLE = "TRIBUTARY_CFN_LINT_REQUIRED";

    private static Path linter;

    @BeforeAll
    static void findLinter() {
        Optional<Path> found = Optional.ofNullable(System.getenv(LINTER_VARIABLE))
                .map(Path::of)
                .or(() -> onPath("cfn-lint"));
        if (found.isEmpty() || !Files.isExecutable(found.get())) {
            String message = "cfn-lint is not installed (looked on PATH and at $" + LINTER_VARIABLE + "): install it"
                    + " with pip install cfn-lint==1.51.0 to lint template.yaml";
            if (System.getenv(REQUIRED_VARIABLE) != null) {
                fail(message + " (" + REQUIRED_VARIABLE + " is set, so linting cannot be skipped)");
            }
            Assumptions.abort(message + "; skipped (set " + REQUIRED_VARIABLE + "=1 to fail instead, as CI does)");
        }
        linter = found.get();
    }

    @Test
    void shouldLintTheTemplateWithoutErrorsOrWarnings() throws Exception {
        Lint lint = lint(Repository.root().resolve("template.yaml"));

        assertThat(lint.exitCode())
                .as("cfn-lint %s template.yaml:%n%s", lint.version(), lint.output())
                .isZero();
    }

    /** Negative control: the linter runs on the file given and fails on what it rejects. */
    @Test
    void shouldFailOnATemplateTheLinterRejects() throws Exception {
        String template = Repository.read("template.yaml");
        assertThat(template).contains("Topics: [!Ref Topic]");
        Path broken = Repository.root().resolve("infra/target/cfn-lint/broken-template.yaml");
        Files.createDirectories(broken.getParent());
        // A topic name as a loop's ${} string, which cfn-lint cannot expand in a list of topics (E3031).
        Files.writeString(
                broken, template.replace("Topics: [!Ref Topic]", "Topics: [\"${Topic}\"]"), StandardCharsets.UTF_8);

        Lint lint = lint(broken);

        assertThat(lint.exitCode()).as(lint.output()).isNotZero();
        assertThat(lint.output()).contains("E3031");
    }

    private static Lint lint(Path template) throws IOException, InterruptedException {
        String version = run(List.of(linter.toString(), "--version")).output().trim();
        return new Lint(version, run(List.of(linter.toString(), template.toString())));
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Run(int exitCode, String output) {}

    private record Lint(String version, Run run) {
        int exitCode() {
            return run.exitCode();
        }

        String output() {
            return run.output();
        }
    }
}
