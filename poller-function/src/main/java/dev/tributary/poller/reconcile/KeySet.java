package dev.tributary.poller.reconcile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A sorted set of keys without duplicates, compact enough for ten million keys: a single integer key column as a
 * {@code long[]}, any other key as one string per key (its columns' text joined by NUL, which PostgreSQL text cannot
 * hold; a NULL column as {@code \u0001}). Encoded deflated: longs as zig-zag varint deltas (a dense id column takes
 * about a byte per key before deflation), strings as length-prefixed UTF-8. Pure.
 */
public final class KeySet {

    private static final byte LONGS = 1;
    private static final byte TEXTS = 2;
    private static final char SEPARATOR = '\0';
    private static final String NULL = "\u0001";

    private final long[] longs;
    private final String[] texts;

    private KeySet(long[] longs, String[] texts) {
        this.longs = longs;
        this.texts = texts;
    }

    /** No keys, of the given kind. */
    public static KeySet empty(boolean integer) {
        return integer ? new KeySet(new long[0], null) : new KeySet(null, new String[0]);
    }

    /** Integer keys, in any order, with duplicates; the array is sorted in place. */
    public static KeySet ofLongs(long[] keys, int count) {
        long[] sorted = Arrays.copyOf(keys, count);
        Arrays.sort(sorted);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[unique++] = sorted[i];
            }
        }
        return new KeySet(Arrays.copyOf(sorted, unique), null);
    }

    /** Text keys (see {@link #text}), in any order, with duplicates. */
    public static KeySet ofTexts(String[] keys, int count) {
        String[] sorted = Arrays.copyOf(keys, count);
        Arrays.sort(sorted);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || !sorted[i].equals(sorted[i - 1])) {
                sorted[unique++] = sorted[i];
            }
        }
        return new KeySet(null, Arrays.copyOf(sorted, unique));
    }

    /** A key's columns as one text key. */
    public static String text(String[] columns) {
        if (columns.length == 1) {
            return columns[0] == null ? NULL : columns[0];
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            key.append(columns[i] == null ? NULL : columns[i]);
        }
        return key.toString();
    }

    /** A text key's columns. */
    public static String[] columns(String key) {
        String[] columns = key.split(String.valueOf(SEPARATOR), -1);
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(NULL)) {
                columns[i] = null;
            }
        }
        return columns;
    }

    public boolean integer() {
        return longs != null;
    }

    public int size() {
        return integer() ? longs.length : texts.length;
    }

    public long longAt(int index) {
        return longs[index];
    }

    public String textAt(int index) {
        return texts[index];
    }

    /** The key's columns as text. */
    public String[] columnsAt(int index) {
        return integer() ? new String[] {Long.toString(longs[index])} : columns(texts[index]);
    }

    /** The position of a key, or a negative number when absent. */
    public int indexOf(long key) {
        return Arrays.binarySearch(longs, key);
    }

    /** The position of a text key, or a negative number when absent. */
    public int indexOf(String key) {
        return Arrays.binarySearch(texts, key);
    }

    /** Every key of both. */
    public KeySet union(KeySet other) {
        if (other.size() == 0) {
            return this;
        }
        if (size() == 0) {
            return other;
        }
        if (integer() != other.integer()) {
            throw new IllegalArgumentException("Cannot join integer and text keys");
        }
        if (integer()) {
            long[] all = Arrays.copyOf(longs, longs.length + other.longs.length);
            System.arraycopy(other.longs, 0, all, longs.length, other.longs.length);
            return ofLongs(all, all.length);
        }
        String[] all = Arrays.copyOf(texts, texts.length + other.texts.length);
        System.arraycopy(other.texts, 0, all, texts.length, other.texts.length);
        return ofTexts(all, all.length);
    }

    /** The keys whose positions are not set in {@code removed}. */
    public KeySet without(BitSet removed) {
        if (removed.isEmpty()) {
            return this;
        }
        int kept = size() - removed.cardinality();
        if (integer()) {
            long[] rest = new long[kept];
            int next = 0;
            for (int i = 0; i < longs.length; i++) {
                if (!removed.get(i)) {
                    rest[next++] = longs[i];
                }
            }
            return new KeySet(rest, null);
        }
        String[] rest = new String[kept];
        int next = 0;
        for (int i = 0; i < texts.length; i++) {
            if (!removed.get(i)) {
                rest[next++] = texts[i];
            }
        }
        return new KeySet(null, rest);
    }

    /** The deflated encoding. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeByte(integer() ? LONGS : TEXTS);
            writeVarint(out, size());
            if (integer()) {
                long previous = 0;
                for (long key : longs) {
                    long delta = key - previous;
                    writeVarint(out, (delta << 1) ^ (delta >> 63));
                    previous = key;
                }
            } else {
                for (String key : texts) {
                    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
                    writeVarint(out, utf8.length);
                    out.write(utf8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static KeySet decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(
                new InflaterInputStream(new ByteArrayInputStream(encoded), new Inflater(), 64 * 1024))) {
            byte kind = in.readByte();
            int count = (int) readVarint(in);
            if (kind == LONGS) {
                long[] keys = new long[count];
                long previous = 0;
                for (int i = 0; i < count; i++) {
                    long zigzag = readVarint(in);
                    previous += (zigzag >>> 1) ^ -(zigzag & 1);
                    keys[i] = previous;
                }
                return new KeySet(keys, null);
            }
            String[] keys = new String[count];
            for (int i = 0; i < count; i++) {
                byte[] utf8 = new byte[(int) readVarint(in)];
                in.readFully(utf8);
                keys[i] = new String(utf8, StandardCharsets.UTF_8);
            }
            return new KeySet(null, keys);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored key set: " + e.getMessage(), e);
        }
    }

    private static void writeVarint(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarint(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a varint longer than 64 bits");
    }
}
