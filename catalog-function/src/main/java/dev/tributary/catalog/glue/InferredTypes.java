package dev.tributary.catalog.glue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which Hive types the catalog can have inferred from the values of a JSON object whose writer declared no types
 * (objects written before sinks declared them, or by another writer), for values of a given declared type as
 * Tributary's sink writes them. A JSON table's column registered with such an inferred type takes the declared type
 * when an object declares it, and keeps a declared type when an undeclared object's values infer to a type it
 * could: the OpenX JSON SerDe reads the same text as either. Pure.
 */
final class InferredTypes {

    private InferredTypes() {}

    /**
     * Whether values of type {@code declared} can have been inferred as {@code inferred}: text for a timestamp, date,
     * binary, or any value of which the sample held only nulls; a bigint for any integer; a bigint or double for a
     * float, double or decimal; a struct for a map (a JSON object); containers element by element, a struct's fields
     * by name.
     */
    static boolean couldInfer(String inferred, String declared) {
        if (inferred.equals(declared) || inferred.equals("string")) {
            return true;
        }
        if (declared.equals("tinyint") || declared.equals("smallint") || declared.equals("int")) {
            return inferred.equals("bigint");
        }
        if (declared.equals("float") || declared.equals("double") || declared.startsWith("decimal(")) {
            return inferred.equals("bigint") || inferred.equals("double");
        }
        if (declared.startsWith("array<") && inferred.startsWith("array<")) {
            return couldInfer(PrestoTypes.inner(inferred, "array<"), PrestoTypes.inner(declared, "array<"));
        }
        if (declared.startsWith("map<")) {
            return inferred.startsWith("struct<");
        }
        if (declared.startsWith("struct<") && inferred.startsWith("struct<")) {
            Map<String, String> fields = fields(declared);
            for (Map.Entry<String, String> field : fields(inferred).entrySet()) {
                String type = fields.get(field.getKey());
                if (type == null || !couldInfer(field.getValue(), type)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A struct type's fields, by name. */
    private static Map<String, String> fields(String struct) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : PrestoTypes.splitTopLevel(PrestoTypes.inner(struct, "struct<"))) {
            int colon = field.indexOf(':');
            if (colon > 0) {
                fields.put(field.substring(0, colon), field.substring(colon + 1));
            }
        }
        return fields;
    }
}
