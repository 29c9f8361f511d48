package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigDocs;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.MappingSource;
import dev.tributary.core.connect.Connectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pipeline file's reference documentation, generated from the setting declarations. */
public final class PipelineReference {

    /** The declaration of the whole pipeline file. */
    public static final ConfigGroup ROOT = PipelineConfig.GROUP;

    /**
     * The source of each function's {@code @ConfigMapping} settings interface, relative to the repository's root:
     * the functions' own environment variables are documented from them.
     */
    public static final List<FunctionSettings> FUNCTION_SETTINGS = List.of(
            new FunctionSettings(
                    "poller", Path.of("poller-function/src/main/java/dev/tributary/poller/PollerSettings.java")),
            new FunctionSettings("sink", Path.of("sink-function/src/main/java/dev/tributary/sink/SinkSettings.java")),
            new FunctionSettings(
                    "catalog", Path.of("catalog-function/src/main/java/dev/tributary/catalog/CatalogSettings.java")));

    /**
     * Where a function's settings interface is.
     *
     * @param function the function's name
     * @param source the interface's source file, relative to the repository's root
     */
    public record FunctionSettings(String function, Path source) {}

    private PipelineReference() {}

    /**
     * The whole reference: the pipeline file's settings, then each function's own environment variables, read from
     * the {@linkplain #FUNCTION_SETTINGS settings sources} under {@code repositoryRoot}.
     */
    public static String markdown(Path repositoryRoot) throws IOException {
        Map<String, List<MappingSource.MappedSetting>> functions = new LinkedHashMap<>();
        for (FunctionSettings settings : FUNCTION_SETTINGS) {
            functions.put(
                    settings.function(),
                    MappingSource.read(repositoryRoot.resolve(settings.source()))
                            .settings());
        }
        return markdown() + ConfigDocs.environment(functions, """
                Each function also reads a few settings of its own from its environment, not from the pipeline: \
                the variables below, some of which template.yaml sets. A variable that is not set takes its default; a \
                required one stops start-up when missing.
                """) + workerVariables() + otherVariables();
    }

    /** The variables a pipeline of Kafka Connect connectors takes the settings of a worker from. */
    private static String workerVariables() {
        return "\n### Kafka Connect configurations\n\n"
                + "A pipeline made of connectors takes what a Kafka Connect worker, not a connector, configures from"
                + " these variables, which template.yaml sets for every function; a native pipeline file beside the"
                + " connectors may set the settings instead.\n\n"
                + ConfigDocs.table(
                        List.of("Variable", "Setting", "Default", "Description"),
                        Connectors.workerVariables().stream()
                                .map(variable -> List.of(
                                        "`" + variable.variable() + "`",
                                        "`" + variable.path() + "`",
                                        variable.fallback().isEmpty() ? "none" : "`" + variable.fallback() + "`",
                                        variable.note()))
                                .toList());
    }

    /** The variables read outside the settings interfaces and the worker's settings. */
    private static String otherVariables() {
        return "\n### Other variables\n\n"
                + ConfigDocs.table(
                        List.of("Variable", "Read by", "Description"),
                        List.of(
                                List.of(
                                        "`" + Connectors.jdbcUrlVariable() + "`",
                                        "all three, for connectors",
                                        "When set, replaces every source connector's connection.url; local mode"
                                                + " sets it to its own database."),
                                List.of(
                                        "`TRIBUTARY_LAKE_BUCKET`",
                                        "the pipeline file",
                                        "template.yaml sets it to the lake bucket, for a pipeline file's"
                                                + " `${env:TRIBUTARY_LAKE_BUCKET}`."),
                                List.of(
                                        "`TRIBUTARY_ICEBERG_OPTIMIZER_ROLE`",
                                        "the pipeline file",
                                        "template.yaml sets it on the sink to GlueOptimizerRole's ARN (empty when"
                                                + " IcebergGlueOptimizers is DISABLED), for"
                                                + " `sinks[].iceberg.optimizer-role`."),
                                List.of(
                                        "`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`",
                                        "every AWS client",
                                        "The AWS SDK's endpoint overrides (`AWS_ENDPOINT_URL_S3`,"
                                                + " `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_GLUE`,"
                                                + " `AWS_ENDPOINT_URL_SECRETS_MANAGER`, including the sink's Iceberg"
                                                + " catalog); local mode points them at its servers.")));
    }

    public static String markdown() {
        return ConfigDocs.markdown(ROOT, "Pipeline configuration reference", """
                One pipeline configures all three functions; `TRIBUTARY_CONFIG` names it, as a path or an `s3://` \
                URI: a pipeline file (YAML or JSON), a Kafka Connect connector's JSON, or a directory (an S3 key \
                ending in `/`) holding several of either, merged (see [Kafka Connect configurations](kafka-connect.md)). \
                It is validated when a function starts: an unknown key, a missing required setting or an invalid \
                value stops start-up with a message naming the setting, the value and the rule. Values may refer to \
                environment variables as `${env:NAME}` or `${env:NAME:-default}`.

                Durations take a unit: `500ms`, `5s`, `2m`, `1h` (or ISO-8601, `PT5S`). Lists are YAML sequences or \
                comma-separated strings.
                """);
    }
}
