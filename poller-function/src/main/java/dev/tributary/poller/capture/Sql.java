package dev.tributary.poller.capture;

/** Safe SQL text for names that come from configuration or the catalog. */
public final class Sql {

    private Sql() {}

    /** A quoted identifier: {@code my "odd" name} becomes {@code "my ""odd"" name"}, whatever it contains. */
    public static String identifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "Cannot quote identifier '" + name.replace('\0', '?') + "' because it contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A quoted schema-qualified name. */
    public static String qualified(String schema, String name) {
        return identifier(schema) + "." + identifier(name);
    }

    /**
     * A type name for a cast. Types come from the catalog, never from users, but are still checked to hold only the
     * characters a type name can have ({@code int4}, {@code _text}, {@code "public"."mood"}, {@code timestamp}).
     */
    public static String type(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_ .\"\\[\\]]*")) {
            throw new IllegalArgumentException("Cannot cast to type '" + name + "' because it is not a type name");
        }
        return name;
    }
}
