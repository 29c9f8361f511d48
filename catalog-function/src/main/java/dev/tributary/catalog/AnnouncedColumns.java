package dev.tributary.catalog;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.catalog.schema.ObjectColumns;
import dev.tributary.catalog.schema.ObjectSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The columns of the objects of one topic, read from the objects themselves. The columns of objects whose types were
 * inferred from text (JSON written before sinks declared types) come first, those of objects with their written
 * types last, so that these have the last word. An object that is gone or is not what its name says is left out, with
 * the reason in the response, since no retry would help; a failure to read it is thrown ({@link CatalogException}).
 */
final class AnnouncedColumns {

    private static final Logger LOG = Logger.getLogger(AnnouncedColumns.class);

    private final ObjectSchemas schemas;

    AnnouncedColumns(ObjectSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * The objects whose columns could be read, and their columns by exactness: inferred ({@code false}) first.
     *
     * @param objects the readable objects
     * @param byExactness each column once, by name, in the order objects first have it
     */
    record Read(List<LakeObject> objects, Map<Boolean, List<Column>> byExactness) {}

    Read of(List<LakeObject> announced, Outcome outcome) {
        List<LakeObject> objects = new ArrayList<>();
        Map<Boolean, List<Column>> byExactness = new TreeMap<>();
        for (LakeObject object : announced) {
            Optional<ObjectColumns> read = columnsOf(object, outcome);
            if (read.isEmpty()) {
                continue;
            }
            objects.add(object);
            List<Column> columns = byExactness.computeIfAbsent(read.get().exact(), k -> new ArrayList<>());
            for (Column column : read.get().columns()) {
                if (columns.stream().noneMatch(c -> c.name().equals(column.name()))) {
                    columns.add(column);
                }
            }
        }
        return new Read(objects, byExactness);
    }

    private Optional<ObjectColumns> columnsOf(LakeObject object, Outcome outcome) {
        String problem;
        try {
            ObjectColumns read = schemas.columns(object);
            for (String leftOut : read.leftOut()) {
                String partly = "Cannot register " + object.location() + " entirely because its " + leftOut;
                if (outcome.problem(partly)) {
                    LOG.warn(partly);
                }
            }
            return Optional.of(read);
        } catch (NoSuchKeyException e) {
            problem = "Cannot register " + object.location() + " because it no longer exists";
        } catch (IllegalArgumentException e) {
            problem = "Cannot register " + object.location() + " because its schema cannot be read: " + e.getMessage();
        }
        outcome.problem(problem);
        LOG.warn(problem);
        return Optional.empty();
    }
}
