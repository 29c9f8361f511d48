package dev.tributary.core.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the reference documentation of a configuration tree from its declarations, as Markdown. */
public final class ConfigDocs {

    private ConfigDocs() {}

    /** One section per object, each with a table of its settings: key, type, default and description. */
    public static String markdown(ConfigGroup root, String title, String introduction) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("<!-- Generated from the setting declarations in core/src/main/java/dev/tributary/core/pipeline."
                + " Do not edit: run ./mvnw -pl core test -Dtributary.docs.update=true -->\n\n");
        out.append(introduction).append("\n");
        render(root, "", out);
        return out.toString();
    }

    /**
     * A section on the functions' own settings, which their environment sets: per function, a table of each
     * variable, its default and its documentation.
     *
     * @param functions each function's name and the settings its {@code @ConfigMapping} interface declares
     */
    public static String environment(Map<String, List<MappingSource.MappedSetting>> functions, String introduction) {
        StringBuilder out = new StringBuilder("\n## Function environment\n\n");
        out.append("<!-- Generated from the functions' settings interfaces (PollerSettings, SinkSettings,"
                + " CatalogSettings). -->\n\n");
        out.append(introduction);
        for (Map.Entry<String, List<MappingSource.MappedSetting>> function : functions.entrySet()) {
            out.append("\n### ").append(function.getKey()).append("\n\n");
            out.append(table(
                    List.of("Variable", "Default", "Description"),
                    function.getValue().stream()
                            .map(setting -> List.of(
                                    "`" + setting.variable() + "`",
                                    shownDefault(setting.method()),
                                    setting.method().documentation()))
                            .toList()));
        }
        return out.toString();
    }

    /** A Markdown table: the header, then a row per entry, with the cells' pipes and line breaks escaped. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        row(header, out);
        row(header.stream().map(h -> "---").toList(), out);
        rows.forEach(row -> row(row, out));
        return out.toString();
    }

    private static void row(List<String> cells, StringBuilder out) {
        out.append("| ")
                .append(cells.stream().map(ConfigDocs::cell).collect(Collectors.joining(" | ")))
                .append(" |\n");
    }

    private static String shownDefault(MappingSource.Method method) {
        return method.defaultValue().map(value -> "`" + value + "`").orElse(method.optional() ? "none" : "required");
    }

    private static void render(ConfigGroup group, String path, StringBuilder out) {
        if (!path.isEmpty()) {
            out.append("\n## `")
                    .append(path)
                    .append("`\n\n")
                    .append(group.description())
                    .append("\n");
            if (!group.settings().isEmpty()) {
                out.append("\n| Setting | Type | Default | Description |\n| --- | --- | --- | --- |\n");
                for (Setting<?> setting : group.settings()) {
                    out.append("| `")
                            .append(setting.key())
                            .append("` | ")
                            .append(cell(setting.typeName()))
                            .append(" | ")
                            .append(setting.isRequired() ? "required" : cell(defaultShown(setting)))
                            .append(" | ")
                            .append(cell(setting.documentation() + choices(setting)))
                            .append(" |\n");
                }
            }
        }
        for (Map.Entry<String, ConfigGroup> entry : group.objects().entrySet()) {
            render(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), out);
        }
        for (Map.Entry<String, ConfigGroup> entry : group.lists().entrySet()) {
            render(entry.getValue(), (path.isEmpty() ? entry.getKey() : path + "." + entry.getKey()) + "[]", out);
        }
    }

    private static String defaultShown(Setting<?> setting) {
        String text = setting.defaultText();
        return text.isEmpty() ? "none" : text.contains(" ") && !text.startsWith("`") ? text : "`" + text + "`";
    }

    private static String choices(Setting<?> setting) {
        if (setting.choices().isEmpty()) {
            return "";
        }
        return " Choices: "
                + setting.choices().stream()
                        .map(c -> "`" + c.configValue() + "`: " + c.description())
                        .collect(Collectors.joining("; "))
                + ".";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
