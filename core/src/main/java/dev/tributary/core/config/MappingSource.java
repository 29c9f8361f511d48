package dev.tributary.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a SmallRye {@code @ConfigMapping} interface declares, read from its source file: each method with its
 * javadoc and {@code @WithDefault}; a method whose type is an interface nested in the same file is a group of
 * settings under the method's name. The javadoc is the setting's documentation, which is why it is read from the
 * source: the class file does not keep it.
 */
public final class MappingSource {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface\\s+(\\w+)\\b.*");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w<>?,\\s.]+)\\s+(\\w+)\\(\\);\\s*$");
    private static final Pattern DEFAULT = Pattern.compile("^\\s*@WithDefault\\(\"(.*)\"\\)\\s*$");
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|link|linkplain)\\s+([^}]*)}");

    /**
     * One method of a mapping interface.
     *
     * @param name the method's name
     * @param type the method's return type, as written
     * @param documentation its javadoc as one line of Markdown; empty when it has none
     * @param defaultValue the value of its {@code @WithDefault}
     */
    public record Method(String name, String type, String documentation, Optional<String> defaultValue) {

        /** Whether the setting may be absent: an {@code Optional} without a default. */
        public boolean optional() {
            return type.startsWith("Optional");
        }
    }

    /**
     * One setting, with the names it is read by.
     *
     * @param property the configuration property, such as {@code tributary.poller.deadline-margin}
     * @param method the method that declares it
     */
    public record MappedSetting(String property, Method method) {

        /** The environment variable SmallRye reads the property from, such as TRIBUTARY_POLLER_DEADLINE_MARGIN. */
        public String variable() {
            return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        }
    }

    private final String prefix;
    private final String root;
    private final Map<String, List<Method>> interfaces;

    private MappingSource(String prefix, String root, Map<String, List<Method>> interfaces) {
        this.prefix = prefix;
        this.root = root;
        this.interfaces = interfaces;
    }

    /** Reads the mapping interface declared in {@code source}. */
    public static MappingSource read(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        String prefix = "";
        String root = null;
        Map<String, List<Method>> interfaces = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        int depth = 0;
        StringBuilder javadoc = null;
        String lastJavadoc = "";
        Optional<String> defaultValue = Optional.empty();
        for (String line : lines) {
            String trimmed = line.trim();
            if (javadoc != null || trimmed.startsWith("/**")) {
                javadoc = javadoc == null ? new StringBuilder() : javadoc;
                javadoc.append(' ').append(commentText(trimmed));
                if (trimmed.endsWith("*/")) {
                    lastJavadoc = markdown(javadoc.toString());
                    javadoc = null;
                }
                continue;
            }
            Matcher prefixMatch = PREFIX.matcher(trimmed);
            Matcher defaultMatch = DEFAULT.matcher(line);
            Matcher interfaceMatch = INTERFACE.matcher(line);
            Matcher method = METHOD.matcher(line);
            if (prefixMatch.find()) {
                prefix = prefixMatch.group(1);
            } else if (defaultMatch.matches()) {
                defaultValue = Optional.of(defaultMatch.group(1));
                continue;
            } else if (interfaceMatch.matches()) {
                root = root == null ? interfaceMatch.group(1) : root;
                open.add(interfaceMatch.group(1));
                depths.add(depth);
                interfaces.put(interfaceMatch.group(1), new ArrayList<>());
            } else if (method.matches() && !open.isEmpty() && !trimmed.startsWith("return ")) {
                interfaces
                        .get(open.get(open.size() - 1))
                        .add(new Method(method.group(2), method.group(1).trim(), lastJavadoc, defaultValue));
            }
            if (!trimmed.startsWith("@")) {
                lastJavadoc = "";
                defaultValue = Optional.empty();
            }
            depth += count(trimmed, '{') - count(trimmed, '}');
            while (!open.isEmpty() && depth <= depths.get(depths.size() - 1)) {
                open.remove(open.size() - 1);
                depths.remove(depths.size() - 1);
            }
        }
        if (root == null) {
            throw new IOException("Cannot read the settings of " + source
                    + " because it declares no interface; name the source file of a @ConfigMapping interface");
        }
        return new MappingSource(prefix, root, interfaces);
    }

    /** Every method of the interface and of the groups nested in it, groups included. */
    public List<Method> methods() {
        return interfaces.values().stream().flatMap(List::stream).toList();
    }

    /** The settings, groups resolved, in the order the source declares them. */
    public List<MappedSetting> settings() {
        List<MappedSetting> settings = new ArrayList<>();
        collect(root, prefix, settings);
        return settings;
    }

    private void collect(String interfaceName, String path, List<MappedSetting> settings) {
        for (Method method : interfaces.get(interfaceName)) {
            String property = (path.isEmpty() ? "" : path + ".") + kebab(method.name());
            if (interfaces.containsKey(method.type())) {
                collect(method.type(), property, settings);
            } else {
                settings.add(new MappedSetting(property, method));
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String commentText(String line) {
        return line.replaceFirst("^/\\*\\*", "")
                .replaceFirst("\\*/$", "")
                .replaceFirst("^\\*", "")
                .trim();
    }

    private static String markdown(String javadoc) {
        return INLINE_TAG.matcher(javadoc.trim().replaceAll("\\s+", " ")).replaceAll("`$1`");
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }
}
