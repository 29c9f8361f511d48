package dev.tributary.sink;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.format.ObjectEncoder;
import dev.tributary.sink.partition.Partitioner;
import java.util.Set;

/** A sink's settings with what writes it: its transforms, partitioner and encoder. */
final class SinkParts implements AutoCloseable {

    final SinkConfig config;
    final TransformPool transforms;
    final Partitioner partitioner;
    final ObjectEncoder encoder;
    /** The fields left out of the rows: a path holds them. An Iceberg table partitions by its columns. */
    final Set<String> dropped;

    /** @throws ConfigException if the sink's transforms are invalid */
    SinkParts(SinkConfig config) {
        this.config = config;
        this.transforms = new TransformPool(config);
        this.partitioner = Partitioner.of(config);
        this.encoder = ObjectEncoder.of(config);
        this.dropped = config.keepPartitionFields() || isTable() ? Set.of() : partitioner.fields();
    }

    /** Whether the sink writes an Iceberg table rather than objects of its own. */
    boolean isTable() {
        return config.format() == SinkConfig.Format.ICEBERG;
    }

    @Override
    public void close() {
        transforms.close();
    }
}
