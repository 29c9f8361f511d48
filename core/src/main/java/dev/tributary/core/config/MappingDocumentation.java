package dev.tributary.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every setting of a {@code @ConfigMapping} interface carries javadoc, since the javadoc is the
 * setting's documentation. Reads the interface's source: a method declaration must follow a javadoc comment
 * (annotations such as {@code @WithDefault} may stand between them).
 */
public final class MappingDocumentation {

    private static final Pattern METHOD = Pattern.compile("^\\s*[\\w<>?,\\s.]+\\s+(\\w+)\\(\\);\\s*$");

    private MappingDocumentation() {}

    /** The names of the methods (settings and groups) declared in {@code source} without javadoc. */
    public static List<String> undocumented(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher method = METHOD.matcher(lines.get(i));
            if (!method.matches() || lines.get(i).contains("return ")) {
                continue;
            }
            int j = i - 1;
            while (j >= 0 && lines.get(j).trim().startsWith("@")) {
                j--;
            }
            if (j < 0 || !lines.get(j).trim().endsWith("*/")) {
                missing.add(method.group(1));
            }
        }
        return missing;
    }
}
