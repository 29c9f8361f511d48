package dev.tributary.core.lake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The Hive types of a JSON object's columns, declared by the sink that wrote it in the object's S3 user metadata, so
 * that the catalog registers the types the values were written as (an int as int, a timestamp as timestamp) instead of
 * what their text looks like. Only the columns that are not strings are listed: the JSON lines name every column.
 *
 * <p>The value is the gzipped JSON object {@code {"column": "hive type", …}}, base64url-encoded, so that any column
 * name travels in an HTTP header. S3 limits user metadata to 2 KB: a declaration that does not fit is replaced by
 * {@value #OMITTED}, which tells the catalog to infer the types from the text and to say so. Pure.
 */
public final class DeclaredTypes {

    /** The user metadata key (without S3's {@code x-amz-meta-} prefix). */
    public static final String METADATA_KEY = "tributary-hive-types";
    /** The value of a declaration too large for S3's user metadata. */
    public static final String OMITTED = "omitted";
    /** S3 allows 2 KB of user metadata, keys and values; this leaves room for the key and for S3's own counting. */
    static final int MAX_VALUE_BYTES = 1_900;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

    private DeclaredTypes() {}

    /** The metadata value declaring these types, or {@value #OMITTED} if it does not fit in S3's user metadata. */
    public static String encode(Map<String, String> types) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                JSON.writeValue(gzip, types);
            }
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
            return value.length() <= MAX_VALUE_BYTES ? value : OMITTED;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode column types: " + e.getMessage(), e);
        }
    }

    /**
     * The declared types of a metadata value.
     *
     * @return empty for {@value #OMITTED}
     * @throws IllegalArgumentException naming the value, if it is not a declaration
     */
    public static Optional<Map<String, String>> decode(String value) {
        if (OMITTED.equals(value)) {
            return Optional.empty();
        }
        try (GZIPInputStream in = new GZIPInputStream(
                new ByteArrayInputStream(Base64.getUrlDecoder().decode(value)))) {
            Map<String, String> types = JSON.readValue(in, MAP);
            return Optional.of(Map.copyOf(types));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Cannot read the column types declared in user metadata "
                            + METADATA_KEY + " = " + abbreviate(value)
                            + " because it is not base64url of gzipped JSON: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }
}
