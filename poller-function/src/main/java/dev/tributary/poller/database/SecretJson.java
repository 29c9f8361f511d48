package dev.tributary.poller.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.ConfigException;

/** The JSON of a secret's string, such as {@code {"username": …, "password": …}}; never in a message. */
public final class SecretJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretJson() {}

    /**
     * Parses a secret's string.
     *
     * @param secretId the secret's name or ARN, for messages
     * @param setting the setting that names the secret, for messages ({@code database.secret-id})
     * @param expected the format expected, for messages
     * @throws ConfigException if it is not JSON
     */
    public static JsonNode parse(String secretId, String setting, String text, String expected) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot use secret " + secretId + " for " + setting
                    + " because it is not JSON; expected " + expected);
        }
    }
}
