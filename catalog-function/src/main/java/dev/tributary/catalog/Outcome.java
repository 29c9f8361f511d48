package dev.tributary.catalog;

import dev.tributary.core.storage.S3Location;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an invocation did, gathered as it goes. Objects, ignored keys and problems are counted, and only the first
 * {@value CatalogResponse#SAMPLE} of each are kept: a resync of a large prefix must fit in memory and in a Lambda
 * response (6 MB).
 */
final class Outcome {
    private final List<String> objects = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final Set<String> problems = new LinkedHashSet<>();
    final List<String> tablesCreated = new ArrayList<>();
    final List<String> columnsAdded = new ArrayList<>();
    final Set<String> views = new LinkedHashSet<>();
    private int objectCount;
    private int ignoredCount;
    private int problemCount;
    int partitionsCreated;
    int partitionsUpdated;

    void object(S3Location location) {
        objectCount++;
        if (objects.size() < CatalogResponse.SAMPLE) {
            objects.add(location.toString());
        }
    }

    void ignored(S3Location location) {
        ignoredCount++;
        if (ignored.size() < CatalogResponse.SAMPLE) {
            ignored.add(location.toString());
        }
    }

    /** Adds a problem once; returns whether it is new, so that the caller logs it once. */
    boolean problem(String problem) {
        if (problems.contains(problem)) {
            return false;
        }
        problemCount++;
        if (problems.size() < CatalogResponse.SAMPLE) {
            problems.add(problem);
        }
        return true;
    }

    CatalogResponse response() {
        List<String> reported = new ArrayList<>(problems);
        if (problemCount > problems.size()) {
            reported.add((problemCount - problems.size()) + " more problems, in the log");
        }
        return new CatalogResponse(
                objects,
                objectCount,
                ignored,
                ignoredCount,
                tablesCreated,
                columnsAdded,
                partitionsCreated,
                partitionsUpdated,
                List.copyOf(views),
                reported);
    }
}
