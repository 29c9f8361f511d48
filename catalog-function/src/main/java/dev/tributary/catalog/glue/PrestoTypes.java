package dev.tributary.catalog.glue;

import java.util.ArrayList;
import java.util.List;

/** Hive types as Presto (Trino) names them in Athena's view definitions. Pure. */
final class PrestoTypes {

    private PrestoTypes() {}

    static String of(String hive) {
        String type = hive.trim();
        if (type.startsWith("array<")) {
            return "array(" + of(inner(type, "array<")) + ")";
        }
        if (type.startsWith("map<")) {
            String[] parts = splitTopLevel(inner(type, "map<"));
            return "map(" + of(parts[0]) + "," + of(parts[1]) + ")";
        }
        if (type.startsWith("struct<")) {
            StringBuilder row = new StringBuilder("row(");
            String[] fields = splitTopLevel(inner(type, "struct<"));
            for (int i = 0; i < fields.length; i++) {
                int colon = fields[i].indexOf(':');
                row.append(i == 0 ? "" : ",")
                        .append(fields[i], 0, colon)
                        .append(' ')
                        .append(of(fields[i].substring(colon + 1)));
            }
            return row.append(')').toString();
        }
        if (type.startsWith("decimal")) {
            return type;
        }
        return switch (type) {
            case "string" -> "varchar";
            case "int" -> "integer";
            case "float" -> "real";
            case "binary" -> "varbinary";
            default -> type;
        };
    }

    /** What is between a complex type's {@code prefix} (such as {@code array<}) and its closing bracket. */
    static String inner(String type, String prefix) {
        return type.substring(prefix.length(), type.length() - 1);
    }

    /** The comma-separated parts of a type list, leaving the commas of nested types alone. */
    static String[] splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts.toArray(String[]::new);
    }
}
