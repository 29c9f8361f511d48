package dev.tributary.core.connect;

import dev.tributary.core.config.ConfigException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the settings of a merged pipeline came from, for those translated from connectors: a refusal by the
 * pipeline's own rules ({@code Invalid value '$AWS_BUCKET_NAME' for sinks[0].bucket: …}) is then reported by the
 * connector and the property the user wrote ({@code s3.bucket.name}).
 */
public final class ConnectorOrigins {

    private static final Pattern INDEXED = Pattern.compile("^(sources|sinks)\\[(\\d+)]");
    private static final Pattern INVALID = Pattern.compile("^Invalid value .*? for (\\S+): (.*)$", Pattern.DOTALL);

    private record Origin(ConnectorConfig connector, String property) {}

    private final Map<String, Origin> byPath = new LinkedHashMap<>();

    /**
     * Records a translated connector's settings.
     *
     * @param sources how many sources the merged pipeline had before this connector's, which come after them
     * @param sinks how many sinks it had before this connector's
     */
    public void add(Translation translation, int sources, int sinks) {
        translation.properties().forEach((path, property) -> {
            Matcher indexed = INDEXED.matcher(path);
            String merged = path;
            if (indexed.find()) {
                int offset = indexed.group(1).equals("sources") ? sources : sinks;
                merged = indexed.group(1) + "[" + (Integer.parseInt(indexed.group(2)) + offset) + "]"
                        + path.substring(indexed.end());
            }
            // A database or kafka setting two connectors give the same value is the first one's.
            byPath.putIfAbsent(merged, new Origin(translation.connector(), property));
        });
    }

    /**
     * The same refusal, naming the connector property that the setting it names came from.
     *
     * @param refusal what the pipeline's validation threw, naming a setting by its path
     * @return empty if the setting did not come from a connector
     */
    public Optional<ConfigException> explain(ConfigException refusal) {
        String message = refusal.getMessage();
        return byPath.keySet().stream()
                .filter(path -> names(message, path))
                .max(Comparator.comparingInt(String::length))
                .map(path -> {
                    Origin origin = byPath.get(path);
                    Matcher invalid = INVALID.matcher(message);
                    String problem = invalid.matches() && invalid.group(1).startsWith(path)
                            ? "is not valid for " + invalid.group(1) + ": " + invalid.group(2)
                            : "does not make a valid " + path + ": " + message;
                    ConfigException explained =
                            ConnectorProperties.error(origin.connector(), origin.property(), problem);
                    explained.initCause(refusal);
                    return explained;
                });
    }

    /** Whether the message names the setting, or something within it, and not a longer key that starts alike. */
    private static boolean names(String message, String path) {
        for (int at = message.indexOf(path); at >= 0; at = message.indexOf(path, at + 1)) {
            int end = at + path.length();
            boolean startsAlone = at == 0 || !isPathCharacter(message.charAt(at - 1));
            boolean endsAlone = end == message.length()
                    || message.charAt(end) == '.'
                    || message.charAt(end) == '['
                    || !isPathCharacter(message.charAt(end));
            if (startsAlone && endsAlone) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPathCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '[' || c == ']';
    }
}
