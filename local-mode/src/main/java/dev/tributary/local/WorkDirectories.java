package dev.tributary.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directories a run of local mode writes to: cleared if an earlier run of local mode created them, refused if
 * they hold something else.
 */
final class WorkDirectories {

    /** Marks a directory local mode created, so that a later run may clear it. */
    static final String MARKER = ".tributary-local";

    private WorkDirectories() {}

    /** Leaves each directory existing, empty but for the marker. */
    static void prepare(List<Path> directories) {
        for (Path directory : directories) {
            try {
                if (Files.isDirectory(directory)) {
                    boolean ours = Files.exists(directory.resolve(MARKER));
                    boolean empty;
                    try (Stream<Path> entries = Files.list(directory)) {
                        empty = entries.findAny().isEmpty();
                    }
                    if (!ours && !empty) {
                        throw new LocalModeException("Cannot use directory " + directory + " because it is not empty"
                                + " and local mode did not create it; choose another with --work-dir or --lake-dir");
                    }
                    if (ours) {
                        clear(directory);
                    }
                }
                Files.createDirectories(directory);
                Files.writeString(
                        directory.resolve(MARKER),
                        "Created by Tributary's local mode; cleared on its next" + " run.\n");
            } catch (IOException e) {
                throw new LocalModeException("Cannot prepare directory " + directory + ": " + e, e);
            }
        }
    }

    private static void clear(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }
}
