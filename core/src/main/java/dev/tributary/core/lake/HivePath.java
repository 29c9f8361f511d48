package dev.tributary.core.lake;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Escaping of partition values in paths, exactly as Hive's {@code FileUtils.escapePathName} does it, so that
 * Hive, Athena and Spark read the partitions back: control characters and {@code " # % ' * / : = ? \ { [ ] ^}
 * become {@code %XX}; everything else, spaces included, stays ({@code country=United States}).
 */
public final class HivePath {

    /** The value Hive writes for a null partition value. */
    public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final BitSet ESCAPED = new BitSet(128);

    static {
        for (char c = 1; c < ' '; c++) {
            ESCAPED.set(c);
        }
        for (char c : new char[] {'"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '\u007F', '{', '[', ']', '^'}) {
            ESCAPED.set(c);
        }
    }

    private HivePath() {}

    /** A partition value as it appears in a path. */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return NULL_PARTITION;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && ESCAPED.get(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                escaped.append('%').append(String.format("%02X", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? value : escaped.toString();
    }

    /** A partition value read back from a path ({@link #NULL_PARTITION} stays as it is). */
    public static String unescape(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder value = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && isHex(path, i + 1)) {
                value.append((char) Integer.parseInt(path.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** The {@code key=value} segment of a partition path. */
    public static String segment(String key, String value) {
        return escape(key) + "=" + escape(value);
    }

    /** The UTF-8 length of a path, for S3's 1,024-byte key limit. */
    public static int utf8Length(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isHex(String text, int at) {
        return at + 1 < text.length()
                && Character.digit(text.charAt(at), 16) >= 0
                && Character.digit(text.charAt(at + 1), 16) >= 0;
    }
}
