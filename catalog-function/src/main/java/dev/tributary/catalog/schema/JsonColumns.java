package dev.tributary.catalog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Hive types of JSON lines, inferred from the records: integers as bigint, other numbers as double, objects as
 * structs, arrays by their elements, and string for text and for anything the records disagree on. Pure.
 */
public final class JsonColumns {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Hive type as a declaration may give it: letters, digits, underscores and the punctuation of type names. */
    private static final Pattern HIVE_TYPE = Pattern.compile("[a-z0-9_<>(),:]+");

    private JsonColumns() {}

    /**
     * The columns of up to {@code limit} lines, in the order fields first appear.
     *
     * @throws IllegalArgumentException if a line is not JSON
     * @throws IOException if the lines could not be read
     */
    public static List<Column> of(BufferedReader lines, int limit) throws IOException {
        Map<String, String> types = new LinkedHashMap<>();
        String line;
        int read = 0;
        while (read < limit && (line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            read++;
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "Cannot read JSON lines because line " + read + " is not JSON: " + e.getOriginalMessage(), e);
            }
            if (!record.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String type = typeOf(field.getValue());
                // Athena's names are case-insensitive: fields differing only in case are one column.
                types.merge(field.getKey().toLowerCase(Locale.ROOT), type, JsonColumns::unify);
            }
        }
        List<Column> columns = new ArrayList<>();
        types.forEach((name, type) -> columns.add(new Column(name, type.equals("null") ? "string" : type)));
        return columns;
    }

    /**
     * The columns with the types their writer declared: a column it does not declare is a string (a writer declares
     * every other type). An invalid declared type is refused, naming it.
     */
    public static List<Column> declared(List<Column> inferred, Map<String, String> declared) {
        List<Column> columns = new ArrayList<>(inferred.size());
        for (Column column : inferred) {
            String type = declared.getOrDefault(column.name(), "string");
            if (!HIVE_TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("Cannot take the declared type '" + type + "' of column "
                        + column.name() + " because it is not a Hive type");
            }
            columns.add(new Column(column.name(), type));
        }
        return columns;
    }

    static String typeOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "bigint";
        }
        if (value.isNumber()) {
            return "double";
        }
        if (value.isArray()) {
            String element = "null";
            for (JsonNode item : value) {
                element = unify(element, typeOf(item));
            }
            return "array<" + (element.equals("null") ? "string" : element) + ">";
        }
        if (value.isObject()) {
            StringJoiner struct = new StringJoiner(",", "struct<", ">");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String type = typeOf(field.getValue());
                struct.add(field.getKey().toLowerCase(Locale.ROOT) + ":" + (type.equals("null") ? "string" : type));
            }
            return struct.toString();
        }
        return "string";
    }

    static String unify(String a, String b) {
        if (a.equals(b) || b.equals("null")) {
            return a;
        }
        if (a.equals("null")) {
            return b;
        }
        if ((a.equals("bigint") && b.equals("double")) || (a.equals("double") && b.equals("bigint"))) {
            return "double";
        }
        return "string";
    }
}
