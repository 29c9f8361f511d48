package dev.tributary.core.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How Athena stores a view in the Glue Data Catalog: the view's definition ({@code originalSql}, {@code catalog},
 * {@code schema}, {@code columns}) as base64 JSON inside {@code /* Presto View: ... *}{@code /}, the table's
 * {@code ViewOriginalText}. Pure.
 */
public final class PrestoView {

    private static final String PREFIX = "/* Presto View: ";
    private static final String SUFFIX = " */";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrestoView() {}

    /** The {@code ViewOriginalText} of a definition. */
    public static String originalText(ObjectNode definition) {
        try {
            return PREFIX + Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(definition)) + SUFFIX;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The SQL of a view from its {@code ViewOriginalText}.
     *
     * @throws IllegalArgumentException if the text is not a Presto view definition
     */
    public static String sqlOf(String originalText) {
        if (originalText == null || !originalText.startsWith(PREFIX) || !originalText.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("Cannot read a view from '" + originalText + "' because it is not"
                    + " a Presto view definition (/* Presto View: <base64> */)");
        }
        String encoded = originalText
                .substring(PREFIX.length(), originalText.length() - SUFFIX.length())
                .trim();
        try {
            JsonNode sql = JSON.readTree(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                    .get("originalSql");
            if (sql == null || !sql.isTextual()) {
                throw new IllegalArgumentException("Cannot read a view because its definition has no originalSql");
            }
            return sql.asText();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read a view because its definition is not JSON: " + e.getMessage(), e);
        }
    }
}
