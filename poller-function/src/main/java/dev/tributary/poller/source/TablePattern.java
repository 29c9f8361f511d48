package dev.tributary.poller.source;

import java.util.regex.Pattern;

/**
 * A table pattern of the pipeline file: {@code schema.table}, an unqualified {@code table} (schema public), with
 * {@code *} matching any run of characters and {@code ?} one character; or {@code ~regex}, a Java regular expression
 * that the whole {@code schema.table} (or the table's name alone) must match. Unquoted names match case-insensitively,
 * as PostgreSQL folds them; a part in double quotes matches exactly.
 */
public record TablePattern(String text, Pattern schema, Pattern table) {

    /** Starts a regular expression over the qualified name, as Kafka Connect's table.include.list takes them. */
    public static final String REGEX_PREFIX = "~";

    /**
     * @throws IllegalArgumentException if the text is neither a pattern nor a valid {@code ~regex}
     */
    public static TablePattern parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith(REGEX_PREFIX)) {
            // Matched against schema.table; the schema pattern then matches anything.
            return new TablePattern(
                    trimmed,
                    Pattern.compile(".*", Pattern.DOTALL),
                    Pattern.compile(trimmed.substring(REGEX_PREFIX.length())));
        }
        int dot = splitPoint(trimmed);
        String schemaPart = dot < 0 ? "public" : trimmed.substring(0, dot);
        String tablePart = dot < 0 ? trimmed : trimmed.substring(dot + 1);
        if (schemaPart.isEmpty() || tablePart.isEmpty()) {
            throw new IllegalArgumentException("must be schema.table or table");
        }
        return new TablePattern(trimmed, compile(schemaPart), compile(tablePart));
    }

    public boolean matches(String schemaName, String tableName) {
        if (text.startsWith(REGEX_PREFIX)) {
            return table.matcher(schemaName + "." + tableName).matches()
                    || table.matcher(tableName).matches();
        }
        return schema.matcher(schemaName).matches() && table.matcher(tableName).matches();
    }

    /** Whether the pattern names one table rather than matching several. */
    public boolean isExact() {
        return !text.startsWith(REGEX_PREFIX) && !text.contains("*") && !text.contains("?");
    }

    private static int splitPoint(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Pattern compile(String part) {
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            return Pattern.compile(
                    Pattern.quote(part.substring(1, part.length() - 1).replace("\"\"", "\"")));
        }
        StringBuilder regex = new StringBuilder();
        for (char c : part.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public String toString() {
        return text;
    }
}
