package dev.tributary.catalog.glue;

import dev.tributary.catalog.schema.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a table's columns take an object's: new columns appended at the end, none dropped or reordered, a type widened
 * where Athena still reads the older objects, a JSON column registered with a type inferred from text retyped to the
 * type its writer declares; any other type change is reported, not applied. An object narrower than the table (an
 * older object replayed) changes nothing. Pure.
 */
public final class ColumnEvolution {

    /** Integer and float widenings that Athena reads from the narrower Parquet type. */
    private static final Map<String, List<String>> WIDER = Map.of(
            "tinyint", List.of("smallint", "int", "bigint"),
            "smallint", List.of("int", "bigint"),
            "int", List.of("bigint"),
            "float", List.of("double"));

    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

    /** How an object's column types are compared with its table's. */
    public enum Reading {
        /** Parquet: the types the object was written with. */
        PARQUET,
        /** JSON whose writer declared its types, in a table whose types were declared too. */
        JSON_DECLARED,
        /**
         * JSON whose writer declared its types, in a table registered from types inferred from text (by a catalog
         * older than declared types): a column whose registered type could have been inferred from the declared
         * one's values takes the declared type.
         */
        JSON_RETYPING,
        /**
         * JSON whose types were inferred from its values (an object written before sinks declared types): a table's
         * type from which the values could have been inferred stays.
         */
        JSON_INFERRED;

        boolean json() {
            return this != PARQUET;
        }
    }

    private ColumnEvolution() {}

    /**
     * @param existing the table's data columns
     * @param incoming the object's columns
     * @param partitionKeys the table's partition keys, which never become data columns
     * @param reading how the object's types compare with the table's
     */
    public static Evolution evolve(
            List<Column> existing, List<Column> incoming, Set<String> partitionKeys, Reading reading) {
        Map<String, Column> merged = new LinkedHashMap<>();
        existing.forEach(c -> merged.put(c.name(), c));
        List<String> added = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        boolean json = reading.json();
        for (Column column : incoming) {
            if (partitionKeys.contains(column.name())) {
                continue;
            }
            Column current = merged.get(column.name());
            if (current == null) {
                merged.put(column.name(), column);
                added.add(column.name());
            } else if (current.type().equals(column.type())) {
                continue;
            } else if (reading == Reading.JSON_RETYPING && InferredTypes.couldInfer(current.type(), column.type())) {
                merged.put(column.name(), column);
                widened.add(column.name() + " " + current.type() + " -> " + column.type() + " (declared)");
            } else if (reads(current.type(), column.type(), json)
                    || (reading == Reading.JSON_INFERRED && InferredTypes.couldInfer(column.type(), current.type()))) {
                continue;
            } else if (reads(column.type(), current.type(), json)) {
                merged.put(column.name(), column);
                widened.add(column.name() + " " + current.type() + " -> " + column.type());
            } else {
                conflicts.add("column " + column.name() + " is " + current.type() + " in the table but "
                        + column.type() + " in the object; Athena cannot read one as the other, so the table keeps "
                        + current.type());
            }
        }
        return new Evolution(List.copyOf(merged.values()), added, widened, conflicts);
    }

    /**
     * Whether a column of type {@code wide} reads values written as {@code narrow}: the same type; an integer or
     * float widened; a decimal of the same scale and more digits (Trino's Parquet reader rescales decimals); a struct
     * whose fields begin with the narrow one's fields, each read in turn, so that fields appended at the end of a
     * struct at any depth, in an array or a map, read older objects with nulls in them; in JSON, a string reads any
     * value and a double any integer.
     */
    static boolean reads(String wide, String narrow, boolean json) {
        if (wide.equals(narrow)
                || WIDER.getOrDefault(narrow, List.of()).contains(wide)
                || isWiderDecimal(wide, narrow)) {
            return true;
        }
        if (wide.startsWith("struct<") && narrow.startsWith("struct<")) {
            String[] wideFields = PrestoTypes.splitTopLevel(PrestoTypes.inner(wide, "struct<"));
            String[] narrowFields = PrestoTypes.splitTopLevel(PrestoTypes.inner(narrow, "struct<"));
            if (narrowFields.length > wideFields.length) {
                return false;
            }
            for (int i = 0; i < narrowFields.length; i++) {
                int wideColon = wideFields[i].indexOf(':');
                int narrowColon = narrowFields[i].indexOf(':');
                if (!wideFields[i].substring(0, wideColon).equals(narrowFields[i].substring(0, narrowColon))
                        || !reads(
                                wideFields[i].substring(wideColon + 1),
                                narrowFields[i].substring(narrowColon + 1),
                                json)) {
                    return false;
                }
            }
            return true;
        }
        if (wide.startsWith("array<") && narrow.startsWith("array<")) {
            return reads(PrestoTypes.inner(wide, "array<"), PrestoTypes.inner(narrow, "array<"), json);
        }
        if (wide.startsWith("map<") && narrow.startsWith("map<")) {
            String[] wideParts = PrestoTypes.splitTopLevel(PrestoTypes.inner(wide, "map<"));
            String[] narrowParts = PrestoTypes.splitTopLevel(PrestoTypes.inner(narrow, "map<"));
            return wideParts[0].equals(narrowParts[0]) && reads(wideParts[1], narrowParts[1], json);
        }
        return json && (wide.equals("string") || (wide.equals("double") && narrow.equals("bigint")));
    }

    /** {@code decimal(p2,s)} against {@code decimal(p1,s)} with p2 > p1: every value of the narrow one fits. */
    private static boolean isWiderDecimal(String wide, String narrow) {
        Matcher w = DECIMAL.matcher(wide);
        Matcher n = DECIMAL.matcher(narrow);
        return w.matches()
                && n.matches()
                && w.group(2).equals(n.group(2))
                && Integer.parseInt(w.group(1)) > Integer.parseInt(n.group(1));
    }

    /**
     * The outcome of {@link #evolve}.
     *
     * @param columns the table's data columns after the change
     * @param added columns appended
     * @param widened columns whose type was widened, or retyped as declared
     * @param conflicts type changes reported and not applied
     */
    public record Evolution(List<Column> columns, List<String> added, List<String> widened, List<String> conflicts) {

        public boolean changed() {
            return !added.isEmpty() || !widened.isEmpty();
        }
    }
}
