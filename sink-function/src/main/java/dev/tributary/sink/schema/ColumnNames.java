package dev.tributary.sink.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Column names as Parquet (through Avro) and Glue take them, the same in every object and in both formats.
 *
 * <p>A name is encoded on its own, whatever other fields a record has: letters and digits of any script and
 * underscores stay; any other character becomes {@code _xHHHH_} (its code point in hex, as XML names encode
 * characters), as does an underscore that would otherwise read as the start of such an escape; a name starting
 * with a digit gets a leading underscore (Avro names cannot start with one), so an underscore before a digit at
 * the start is escaped too. No two names encode alike, and ordinary names ({@code address_id}, {@code Zürich})
 * stay as they are.
 *
 * <p>Glue and Athena fold names to lower case, so {@code Foo} and {@code foo} in one struct would be one column
 * there. When names of one struct differ only in case, the one in lower case keeps its name and each other gets
 * {@code _} and eight hex digits of a hash of its original name: the same name in every object that has both.
 */
final class ColumnNames {

    private ColumnNames() {
    }

    /** The encoded, case-insensitively distinct names of one struct's fields, in their order. */
    static List<String> of(List<String> names) {
        List<String> encoded = new ArrayList<>(names.size());
        Map<String, Integer> sameInLowerCase = new HashMap<>();
        for (String name : names) {
            String column = encode(name);
            encoded.add(column);
            sameInLowerCase.merge(lower(column), 1, Integer::sum);
        }
        Set<String> taken = new HashSet<>();
        encoded.forEach(column -> taken.add(lower(column)));
        List<String> distinct = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String column = encoded.get(i);
            if (sameInLowerCase.get(lower(column)) > 1 && !column.equals(lower(column))) {
                String suffixed = column + "_" + hash(names.get(i));
                // Only a name that is itself some field's suffixed form could collide; hashing again settles it.
                while (!taken.add(lower(suffixed))) {
                    suffixed = suffixed + "_" + hash(suffixed);
                }
                column = suffixed;
            }
            distinct.add(column);
        }
        return distinct;
    }

    /** A name that Avro, Parquet and Glue take, encoded injectively from the original. */
    static String encode(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder encoded = new StringBuilder(name.length() + 8);
        if (Character.isDigit(name.charAt(0))) {
            encoded.append('_');
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int next = i + Character.charCount(c);
            boolean escapeUnderscore = c == '_' && (startsEscape(name, next) || (i == 0 && next < name.length()
                    && Character.isDigit(name.charAt(next))));
            // Avro checks names char by char, so a letter outside the Basic Multilingual Plane is escaped too.
            boolean kept = c == '_' ? !escapeUnderscore : Character.isBmpCodePoint(c) && Character.isLetterOrDigit(c);
            if (kept) {
                encoded.appendCodePoint(c);
            } else {
                encoded.append("_x").append(String.format("%04X", c)).append('_');
            }
            i = next;
        }
        return encoded.toString();
    }

    /** Whether the text at {@code at} is {@code x} and a hex digit: after an underscore, what an escape starts with. */
    private static boolean startsEscape(String name, int at) {
        return at + 1 < name.length() && name.charAt(at) == 'x' && Character.digit(name.charAt(at + 1), 16) >= 0
                && name.charAt(at + 1) < 128;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String hash(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** Names taken in one struct, compared as Glue compares them: without regard to case. */
    static final class Taken {
        private final Set<String> names = new HashSet<>();

        Taken(List<String> names) {
            names.forEach(this::add);
        }

        boolean contains(String name) {
            return names.contains(lower(name));
        }

        void add(String name) {
            names.add(lower(name));
        }
    }
}
