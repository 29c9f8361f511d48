package dev.tributary.core.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that every setting of a {@code @ConfigMapping} interface carries javadoc, since the javadoc is the
 * setting's documentation. Reads the interface's source ({@link MappingSource}): a method declaration must follow a
 * javadoc comment (annotations such as {@code @WithDefault} may stand between them).
 */
public final class MappingDocumentation {

    private MappingDocumentation() {}

    /** The names of the methods (settings and groups) declared in {@code source} without javadoc. */
    public static List<String> undocumented(Path source) throws IOException {
        return MappingSource.read(source).methods().stream()
                .filter(method -> method.documentation().isEmpty())
                .map(MappingSource.Method::name)
                .toList();
    }
}
