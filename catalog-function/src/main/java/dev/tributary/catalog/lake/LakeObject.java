package dev.tributary.catalog.lake;

import dev.tributary.core.lake.ObjectKey;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A data object of the lake, with the sink that wrote it and what its name says: topic, Kafka partition, partition
 * path.
 *
 * @param location where it is
 * @param sink the sink whose layout it follows
 * @param key its name, parsed
 */
public record LakeObject(S3Location location, SinkConfig sink, ObjectKey key) {

    /** Parquet, or JSON lines (gzip or not). */
    public boolean isParquet() {
        return key.extension().endsWith("parquet");
    }

    public boolean isGzip() {
        return key.extension().endsWith(".gz");
    }

    /** The catalog table of its topic. */
    public String table() {
        return sink.tableNameOf(key.topic());
    }

    /** The key prefix of its topic: the table's location. */
    public S3Location tableLocation() {
        return new S3Location(location.bucket(), ObjectKey.topicPrefix(sink.topicsDir(), key.topic()));
    }

    /** The key prefix of its partition: the partition's location. */
    public S3Location partitionLocation() {
        return key.partitionPath().isEmpty() ? tableLocation() : tableLocation().resolve(key.partitionPath() + "/");
    }

    /**
     * Partition keys and values from the path, in order. Keys are lower-cased, as Glue stores a table's partition
     * keys and as Athena's names are case-insensitive, so that a path {@code Country=Chile} matches the table's
     * {@code country}; values keep their case.
     */
    public Map<String, String> partitionValues() {
        Map<String, String> values = new LinkedHashMap<>();
        key.partitionValues().forEach((name, value) -> values.put(name.toLowerCase(Locale.ROOT), value));
        return values;
    }

    /**
     * Finds which sink's layout an S3 object follows: a sink writing to its bucket whose topics directory holds it,
     * preferring the sink that takes its topic (a transform may have renamed the topic).
     *
     * @return empty for objects that are not data objects of any sink (dead letters, foreign files, the files of
     *     Iceberg tables)
     */
    public static Optional<LakeObject> resolve(S3Location location, PipelineConfig pipeline) {
        LakeObject fallback = null;
        List<SinkConfig> sinks = pipeline.sinks();
        for (SinkConfig sink : sinks) {
            // A sink of format iceberg keeps Iceberg tables, which it registers itself: its files are no objects.
            if (!sink.bucket().equals(location.bucket()) || sink.format() == SinkConfig.Format.ICEBERG) {
                continue;
            }
            Optional<ObjectKey> key = ObjectKey.parse(sink.topicsDir(), location.key());
            if (key.isEmpty()) {
                continue;
            }
            LakeObject object = new LakeObject(location, sink, key.get());
            if (sink.takes(key.get().topic())) {
                return Optional.of(object);
            }
            if (fallback == null) {
                fallback = object;
            }
        }
        return Optional.ofNullable(fallback);
    }
}
