package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A whole pipeline: where data comes from and goes to. One file configures all three functions; each uses its part.
 *
 * @param database the PostgreSQL database
 * @param kafka the Kafka cluster
 * @param state the poller's DynamoDB state
 * @param sources capture sources
 * @param sinks lake writers
 * @param catalog the Glue catalog of the lake
 */
public record PipelineConfig(
        DatabaseConfig database,
        KafkaConfig kafka,
        StateConfig state,
        List<SourceConfig> sources,
        List<SinkConfig> sinks,
        CatalogConfig catalog) {

    public static final ConfigGroup GROUP = ConfigGroup.builder("pipeline", "The top level of the pipeline file.")
            .object("database", DatabaseConfig.GROUP)
            .object("kafka", KafkaConfig.GROUP)
            .object("state", StateConfig.GROUP)
            .list("sources", SourceConfig.GROUP)
            .list("sinks", SinkConfig.GROUP)
            .object("catalog", CatalogConfig.GROUP)
            .build();

    static PipelineConfig from(ConfigObject config) {
        List<SourceConfig> sources =
                config.list("sources").stream().map(SourceConfig::from).toList();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            if (!names.add(sources.get(i).name())) {
                throw ConfigException.invalid(
                        "sources[" + i + "].name",
                        sources.get(i).name(),
                        "must be unique, but an earlier source has the same name");
            }
        }
        List<SinkConfig> sinks =
                config.list("sinks").stream().map(SinkConfig::from).toList();
        Set<String> sinkNames = new HashSet<>();
        for (int i = 0; i < sinks.size(); i++) {
            if (!sinkNames.add(sinks.get(i).name())) {
                throw ConfigException.invalid(
                        "sinks[" + i + "].name",
                        sinks.get(i).name(),
                        "must be unique, but an earlier sink has the same name");
            }
        }
        return new PipelineConfig(
                DatabaseConfig.from(config.object("database")),
                KafkaConfig.from(config.object("kafka")),
                StateConfig.from(config.object("state")),
                sources,
                sinks,
                CatalogConfig.from(config.object("catalog")));
    }

    /** The sinks that take a topic, in file order: like Kafka Connect connectors, each writes it its own way. */
    public List<SinkConfig> sinksFor(String topic) {
        return sinks.stream().filter(s -> s.takes(topic)).toList();
    }

    /** The source with this name, if any. */
    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
