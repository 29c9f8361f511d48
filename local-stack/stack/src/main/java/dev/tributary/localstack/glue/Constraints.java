package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a request against the constraints of Glue's API model and reports every violation at once, in the words
 * Glue uses ("2 validation errors detected: Value null at 'tableInput.name' failed to satisfy constraint: Member
 * must not be null; ...").
 */
final class Constraints {

    /** Glue's "single-line string" pattern, which names and most short strings must match. */
    static final String SINGLE_LINE = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*";

    private static final Pattern SINGLE_LINE_PATTERN = Pattern.compile(SINGLE_LINE);

    private final List<String> violations = new ArrayList<>();

    /** Requires a text member and checks it as a name: 1 to 255 bytes, single line. */
    String name(JsonNode parent, String member, String path) {
        JsonNode node = parent == null ? null : parent.get(member);
        if (node == null || node.isNull()) {
            violations.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
            return null;
        }
        String value = node.asText();
        singleLine(value, path, 1, 255);
        return value;
    }

    /** Checks an optional text member: at most {@code max} bytes, single line. */
    void optionalSingleLine(JsonNode parent, String member, String path, int max) {
        JsonNode node = parent == null ? null : parent.get(member);
        if (node != null && !node.isNull()) {
            singleLine(node.asText(), path, 0, max);
        }
    }

    /** Checks an optional text member's length only. */
    void optionalLength(JsonNode parent, String member, String path, int max) {
        length(parent == null ? null : parent.get(member), path, max);
    }

    /** Checks the length of an optional text value. */
    void length(JsonNode node, String path, int max) {
        if (node != null && !node.isNull() && utf8Length(node.asText()) > max) {
            violations.add("Value '" + node.asText() + "' at '" + path
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    /** Requires a member of any type. */
    JsonNode required(JsonNode parent, String member, String path) {
        JsonNode node = parent == null ? null : parent.get(member);
        if (node == null || node.isNull()) {
            violations.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
            return null;
        }
        return node;
    }

    /** Checks the size of an optional list member. */
    void listSize(JsonNode list, String path, int min, int max) {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            violations.add(
                    "Value '" + list + "' at '" + path + "' failed to satisfy constraint: Member must be a list");
        } else if (list.size() < min) {
            violations.add("Value '" + list + "' at '" + path
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        } else if (list.size() > max) {
            violations.add("Value at '" + path
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    /** Checks an optional integer member's range. */
    void optionalRange(JsonNode parent, String member, String path, int min, int max) {
        JsonNode node = parent == null ? null : parent.get(member);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.canConvertToInt() || node.asInt() < min) {
            violations.add("Value '" + node.asText() + "' at '" + path
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        } else if (node.asInt() > max) {
            violations.add("Value '" + node.asText() + "' at '" + path
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
    }

    /** Throws a {@code ValidationException} naming every violation found so far, if any. */
    void check() {
        if (violations.isEmpty()) {
            return;
        }
        String count = violations.size() == 1
                ? "1 validation error detected: "
                : violations.size() + " validation errors detected: ";
        throw GlueException.validation(count + String.join("; ", violations));
    }

    private void singleLine(String value, String path, int min, int max) {
        int length = utf8Length(value);
        if (length < min) {
            violations.add("Value '" + value + "' at '" + path
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            violations.add("Value '" + value + "' at '" + path
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        if (!SINGLE_LINE_PATTERN.matcher(value).matches()) {
            violations.add("Value '" + value + "' at '" + path
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + SINGLE_LINE);
        }
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
