package dev.tributary.core.connect;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DatabaseConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's properties as a translator reads them: values with Kafka Connect's {@code ${env:NAME}} config
 * provider references resolved (or kept for the pipeline to resolve), every property read or ignored on purpose remembered, and errors and notices that
 * name the connector, the property and (unless it is secret) its value.
 */
final class ConnectorProperties {

    private static final Pattern PROVIDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.-]*):([^}]*)}");
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(password|secret|credential|\\.key\\b|key\\.id|token).*");
    /**
     * A shell or envsubst placeholder left unfilled ({@code $JDBC_URL}, {@code ${JDBC_URL}}): upper-case names, as
     * environment variables are written, so that a query's {@code $1} or {@code $BODY$} quoting, or a path's
     * {@code ${topic}}, is not one.
     */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$(?:\\{([A-Z_][A-Z0-9_]*)}|([A-Z_][A-Z0-9_]*)(?![A-Za-z0-9_{$]))");

    private final ConnectorConfig connector;
    private final Map<String, String> environment;
    private final Set<String> handled = new LinkedHashSet<>();
    private final List<String> notices = new ArrayList<>();
    private final List<ConfigException> problems = new ArrayList<>();

    ConnectorProperties(ConnectorConfig connector, Map<String, String> environment) {
        this.connector = connector;
        this.environment = environment;
    }

    ConnectorConfig connector() {
        return connector;
    }

    /** A property's value, if set and not blank; marks it handled. */
    Optional<String> find(String key) {
        handled.add(key);
        String raw = connector.properties().get(key);
        if (raw == null) {
            return Optional.empty();
        }
        String value = resolve(key, raw).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A property's value as written (blank included, as a transform's empty replacement); marks it handled. */
    String raw(String key) {
        handled.add(key);
        String raw = connector.properties().get(key);
        return raw == null ? null : resolve(key, raw);
    }

    /** A property's value without marking it handled, for a check before its notice. */
    Optional<String> peek(String key) {
        String raw = connector.properties().get(key);
        return raw == null || raw.isBlank()
                ? Optional.empty()
                : Optional.of(resolve(key, raw).trim());
    }

    String get(String key, String fallback) {
        return find(key).orElse(fallback);
    }

    String required(String key, String why) {
        return find(key).orElseThrow(() -> error(key, "is missing: " + why));
    }

    /** A comma-separated list, as Kafka Connect's LIST type reads it. */
    List<String> list(String key) {
        return find(key)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    Optional<Long> number(String key) {
        return find(key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(key, "is not a whole number");
            }
        });
    }

    Optional<Boolean> bool(String key) {
        return find(key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw error(key, "is not true or false");
            }
            return Boolean.parseBoolean(v);
        });
    }

    /** The keys set on the connector that start with a prefix, in order. */
    List<String> keysStartingWith(String prefix) {
        return connector.properties().keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .toList();
    }

    /** Accepts a set property that has no meaning here, and says so once. */
    void ignore(String key, String why) {
        if (connector.properties().containsKey(key) && handled.add(key)) {
            notices.add("Ignoring property " + key + " of connector '" + connector.name() + "' (" + connector.origin()
                    + "): " + why);
        }
    }

    /** Accepts every set property under a prefix that has no meaning here, with one notice for them all. */
    void ignorePrefix(String prefix, String why) {
        List<String> keys = keysStartingWith(prefix).stream()
                .filter(k -> !handled.contains(k))
                .toList();
        if (!keys.isEmpty()) {
            handled.addAll(keys);
            notices.add("Ignoring propert" + (keys.size() == 1 ? "y " : "ies ") + String.join(", ", keys)
                    + " of connector '" + connector.name() + "' (" + connector.origin() + "): " + why);
        }
    }

    void notice(String text) {
        notices.add("Connector '" + connector.name() + "' (" + connector.origin() + "): " + text);
    }

    /** Properties nothing handled: reported as unknown, since Kafka Connect too only logs those it does not use. */
    void reportUnknown(String connectorKind) {
        for (String key : connector.properties().keySet()) {
            if (!handled.contains(key)) {
                handled.add(key);
                notices.add("Ignoring property " + key + " of connector '" + connector.name() + "' ("
                        + connector.origin() + "): it is not a property of " + connectorKind + " that Tributary knows");
            }
        }
    }

    List<String> notices() {
        return List.copyOf(notices);
    }

    /**
     * Runs one part of the translation, and keeps its refusal instead of stopping: the parts after it still run, so
     * that one run reports every problem of the connector ({@link #refusals()}).
     */
    void attempt(Runnable part) {
        try {
            part.run();
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    /** Keeps a refusal and goes on, for a check whose failure leaves the rest of the translation meaningful. */
    void refuse(String key, String problem) {
        problems.add(error(key, problem));
    }

    /**
     * Throws every refusal kept, as one error with a line for each, if there is any.
     *
     * @throws ConfigException naming the connector and each property at fault
     */
    void throwRefusals() {
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join(
                    "\n", problems.stream().map(ConfigException::getMessage).toList()));
        }
    }

    /** Every problem {@link #attempt} and {@link #refuse} kept, in order; empty when the connector can run. */
    List<ConfigException> refusals() {
        return List.copyOf(problems);
    }

    /** An error about a property: "Cannot run connector 'x' (file): property k = 'v' <problem>". */
    ConfigException error(String key, String problem) {
        return error(connector, key, problem);
    }

    /** An error about a property of a connector, its value shown unless it is secret. */
    static ConfigException error(ConnectorConfig connector, String key, String problem) {
        String raw = connector.properties().get(key);
        String shown = raw == null
                ? ""
                : " = '" + (SECRET.matcher(key).matches() ? "****" : DatabaseConfig.redacted(raw)) + "'";
        return new ConfigException("Cannot run connector '" + connector.name() + "' (" + connector.origin()
                + "): property " + key + shown + " " + problem);
    }

    private String resolve(String key, String raw) {
        // A secret is checked whole only: a password may hold a $ of its own.
        Matcher placeholder = PLACEHOLDER.matcher(SECRET.matcher(key).matches() ? raw.trim() : raw);
        if (SECRET.matcher(key).matches() ? placeholder.matches() : placeholder.find()) {
            {
                String variable = placeholder.group(1) != null ? placeholder.group(1) : placeholder.group(2);
                throw error(
                        key,
                        "holds " + placeholder.group() + ", a shell placeholder nothing filled in: Kafka"
                                + " Connect would use it as written. Write ${env:" + variable
                                + "} to read the environment"
                                + " variable " + variable
                                + " (Kafka Connect's EnvVarConfigProvider syntax), or fill in the"
                                + " value");
            }
        }
        Matcher matcher = PROVIDER.matcher(raw);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String provider = matcher.group(1).toLowerCase(Locale.ROOT);
            if (!provider.equals("env")) {
                throw error(
                        key,
                        "uses the config provider '" + matcher.group(1) + "', which Tributary does not have:"
                                + " use ${env:NAME} (Kafka Connect's EnvVarConfigProvider syntax), or for database"
                                + " credentials a Secrets Manager secret (TRIBUTARY_DB_SECRET_ID)");
            }
            // Unset here, the reference stays: the pipeline resolves it when it loads (and a converted pipeline
            // keeps it), failing with the variable's name if it is unset then.
            String value = environment.get(matcher.group(2));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
