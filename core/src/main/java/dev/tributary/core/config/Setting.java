package dev.tributary.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One setting of the pipeline file, declared once: key, type, default, validation and documentation. Parsing,
 * validation at start-up and the reference documentation all come from this declaration.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String key;
    private final String typeName;
    private final Function<JsonNode, T> parser;
    private final Optional<T> defaultValue;
    private final String defaultText;
    private final boolean required;
    private final String documentation;
    private final List<Rule<T>> rules;
    private final boolean secret;
    private final List<ConfigEnum> choices;

    private Setting(String key, String typeName, Function<JsonNode, T> parser) {
        this(key, typeName, parser, Optional.empty(), "", false, "", List.of(), false, List.of());
    }

    private Setting(
            String key,
            String typeName,
            Function<JsonNode, T> parser,
            Optional<T> defaultValue,
            String defaultText,
            boolean required,
            String documentation,
            List<Rule<T>> rules,
            boolean secret,
            List<ConfigEnum> choices) {
        this.key = key;
        this.typeName = typeName;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.documentation = documentation;
        this.rules = rules;
        this.secret = secret;
        this.choices = choices;
    }

    // ---- factories ---------------------------------------------------------------------------------------

    public static Setting<String> string(String key) {
        return new Setting<>(key, "string", Setting::text);
    }

    /** A time zone id, such as {@code UTC} or {@code Europe/Paris}, as {@link ZoneId#of(String)} reads it. */
    public static Setting<String> zoneId(String key) {
        return string(key).validate(id -> parses(id, ZoneId::of), "be a time zone id such as UTC or Europe/Paris");
    }

    /** A Java regular expression, as {@link Pattern#compile(String)} reads it. */
    public static Setting<String> regex(String key) {
        return string(key).validate(text -> parses(text, Pattern::compile), "be a Java regular expression");
    }

    public static Setting<Integer> integer(String key) {
        return new Setting<>(key, "integer", node -> {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            try {
                return Integer.parseInt(text(node).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number");
            }
        });
    }

    public static Setting<Boolean> bool(String key) {
        return new Setting<>(key, "boolean", node -> {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = text(node).trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException("must be true or false");
        });
    }

    /** A duration written with a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601. */
    public static Setting<Duration> duration(String key) {
        return new Setting<>(key, "duration", node -> parseDuration(text(node)));
    }

    /** A list, written as a YAML sequence or as one comma-separated string. */
    public static Setting<List<String>> list(String key) {
        return new Setting<>(key, "list", node -> {
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(element -> values.add(text(element).trim()));
            } else {
                Arrays.stream(text(node).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(values::add);
            }
            return List.copyOf(values);
        });
    }

    /** A closed choice; written as the constants' {@link ConfigEnum#configValue()}, case-insensitively. */
    public static <E extends Enum<E> & ConfigEnum> Setting<E> choice(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String allowed = Arrays.stream(constants).map(ConfigEnum::configValue).collect(Collectors.joining(", "));
        return new Setting<>(
                key,
                "one of " + allowed,
                node -> {
                    String text = text(node).trim();
                    for (E constant : constants) {
                        if (constant.configValue().equalsIgnoreCase(text)) {
                            return constant;
                        }
                    }
                    throw new IllegalArgumentException("must be one of " + allowed);
                },
                Optional.empty(),
                "",
                false,
                "",
                List.of(),
                false,
                List.of(constants));
    }

    // ---- refinements -------------------------------------------------------------------------------------

    public Setting<T> doc(String text) {
        return new Setting<>(key, typeName, parser, defaultValue, defaultText, required, text, rules, secret, choices);
    }

    public Setting<T> defaultValue(T value) {
        return new Setting<>(
                key,
                typeName,
                parser,
                Optional.of(value),
                describe(value),
                false,
                documentation,
                rules,
                secret,
                choices);
    }

    /** A default that depends on other settings; {@code description} says which, for the documentation. */
    public Setting<T> defaultDescribed(String description) {
        return new Setting<>(
                key, typeName, parser, defaultValue, description, false, documentation, rules, secret, choices);
    }

    public Setting<T> required() {
        return new Setting<>(key, typeName, parser, Optional.empty(), "", true, documentation, rules, secret, choices);
    }

    /** A value that is never logged or echoed in error messages. */
    public Setting<T> secret() {
        return new Setting<>(
                key, typeName, parser, defaultValue, defaultText, required, documentation, rules, true, choices);
    }

    /** Adds a rule; {@code description} completes "must ..." in error messages. */
    public Setting<T> validate(Predicate<T> rule, String description) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(rule, description));
        return new Setting<>(
                key,
                typeName,
                parser,
                defaultValue,
                defaultText,
                required,
                documentation,
                List.copyOf(more),
                secret,
                choices);
    }

    public Setting<T> atLeast(long minimum) {
        return validate(value -> toLong(value) >= minimum, "be at least " + minimum);
    }

    public Setting<T> between(long minimum, long maximum) {
        return validate(
                value -> toLong(value) >= minimum && toLong(value) <= maximum,
                "be between " + minimum + " and " + maximum);
    }

    // ---- use ---------------------------------------------------------------------------------------------

    public String key() {
        return key;
    }

    public String typeName() {
        return typeName;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return secret;
    }

    public Optional<T> defaultValue() {
        return defaultValue;
    }

    /** The default as the documentation shows it; empty when there is none. */
    public String defaultText() {
        return defaultText;
    }

    public String documentation() {
        return documentation;
    }

    /** The choices of a closed-choice setting; empty for other settings. */
    public List<ConfigEnum> choices() {
        return choices;
    }

    /**
     * Parses and validates the value of this setting found at {@code path}.
     *
     * @throws ConfigException naming the path, the value (unless secret) and the rule broken
     */
    T parse(JsonNode node, String path) {
        T value;
        try {
            value = parser.apply(node);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(path, shown(node), e.getMessage());
        }
        for (Rule<T> rule : rules) {
            if (!rule.test().test(value)) {
                throw ConfigException.invalid(path, shown(node), "must " + rule.description());
            }
        }
        return value;
    }

    private Object shown(JsonNode node) {
        return secret ? "(secret)" : node.isTextual() ? node.asText() : node.toString();
    }

    static Duration parseDuration(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("must be a duration such as 500ms, 5s, 2m or PT5S");
            }
        }
        Matcher matcher = DURATION.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("must be a duration with a unit, such as 500ms, 5s, 2m, 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String text(JsonNode node) {
        if (node.isContainerNode()) {
            throw new IllegalArgumentException("must be a single value, not " + (node.isArray() ? "a list" : "a map"));
        }
        return node.asText();
    }

    /** Whether {@code parser} accepts {@code text}: it throws IllegalArgumentException or DateTimeException if not. */
    private static boolean parses(String text, Consumer<String> parser) {
        try {
            parser.accept(text);
            return true;
        } catch (IllegalArgumentException | DateTimeException e) {
            return false;
        }
    }

    private static long toLong(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Duration duration) {
            return duration.toMillis();
        }
        throw new IllegalStateException("not a number: " + value);
    }

    private static String describe(Object value) {
        if (value instanceof ConfigEnum choice) {
            return choice.configValue();
        }
        if (value instanceof Duration duration) {
            return formatDuration(duration);
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "[]" : list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    @Override
    public String toString() {
        return key;
    }

    private record Rule<T>(Predicate<T> test, String description) {}
}
