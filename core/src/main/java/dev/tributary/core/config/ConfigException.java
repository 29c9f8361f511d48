package dev.tributary.core.config;

/**
 * Invalid configuration. The message names the setting (by its path in the file, such as
 * {@code sources[1].mode}), the bad value and the rule it breaks. Thrown at start-up, before any work is done.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "Invalid value X for Y: reason", the wording Kafka Connect users know. */
    public static ConfigException invalid(String path, Object value, String reason) {
        return new ConfigException("Invalid value " + quote(value) + " for " + path + ": " + reason);
    }

    /** "Missing setting X: reason", for a setting that other settings make necessary. */
    public static ConfigException missing(String path, String reason) {
        return new ConfigException("Missing setting " + path + ": " + reason);
    }

    static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
