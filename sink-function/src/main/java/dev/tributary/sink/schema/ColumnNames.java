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
 * underscores stay; any other character becomes an underscore, as Glue's crawlers and Athena users expect
 * ({@code first-name} and Flatten's {@code address.city} read as {@code first_name} and {@code address_city}); a name
 * starting with a digit gets a leading underscore (Avro names cannot start with one).
 *
 * <p>Glue and Athena fold names to lower case, so two fields of one struct whose encodings differ only in case (or
 * not at all: {@code a-b} beside {@code a_b}, {@code Foo} beside {@code foo}) would be one column there. The field
 * whose name is already its encoding in lower case keeps it; each other gets {@code _} and eight hex digits of a hash
 * of its original name: the same name in every object that has both.
 */
final class ColumnNames {

    private ColumnNames() {}

    /** The encoded, case-insensitively distinct names of one struct's fields, in their order. */
    static List<String> of(List<String> names) {
        List<String> encoded = new ArrayList<>(names.size());
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String column = encode(names.get(i));
            encoded.add(column);
            groups.computeIfAbsent(lower(column), k -> new ArrayList<>()).add(i);
        }
        Set<Integer> keeping = new HashSet<>();
        for (List<Integer> group : groups.values()) {
            if (group.size() == 1) {
                keeping.add(group.get(0));
                continue;
            }
            // The name that needed no change keeps it (a lower-case one before one with capitals); if no single
            // name stands out, every one of the group is suffixed.
            int best = group.stream().mapToInt(i -> rank(names.get(i))).max().orElse(0);
            List<Integer> bestOnes =
                    group.stream().filter(i -> rank(names.get(i)) == best).toList();
            if (best > 0 && bestOnes.size() == 1) {
                keeping.add(bestOnes.get(0));
            }
        }
        Set<String> taken = new HashSet<>();
        keeping.forEach(i -> taken.add(lower(encoded.get(i))));
        List<String> distinct = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String column = encoded.get(i);
            if (!keeping.contains(i)) {
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

    /** 2 for a name that is its own encoding in lower case, 1 for one that is its own encoding, else 0. */
    private static int rank(String name) {
        if (!encode(name).equals(name)) {
            return 0;
        }
        return name.equals(lower(name)) ? 2 : 1;
    }

    /** A name that Avro, Parquet and Glue take: other characters than letters, digits and {@code _} become {@code _}. */
    static String encode(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder encoded = new StringBuilder(name.length() + 1);
        if (Character.isDigit(name.charAt(0))) {
            encoded.append('_');
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            // Avro checks names char by char, so a letter outside the Basic Multilingual Plane is replaced too.
            boolean kept = c == '_' || Character.isBmpCodePoint(c) && Character.isLetterOrDigit(c);
            encoded.append(kept ? (char) c : '_');
            i += Character.charCount(c);
        }
        return encoded.toString();
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
