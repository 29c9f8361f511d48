package dev.tributary.sink.partition;

import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.schema.LakeRow;
import java.util.Set;

/** Decides the partition path of a record's object, as Kafka Connect's S3 sink partitioners do. Pure. */
public interface Partitioner {

    /**
     * The partition path, such as {@code partition=0} or {@code country=United States}.
     *
     * @throws PartitionException if the record lacks what the path needs
     */
    String path(LakeRow row);

    /** Value fields that the path holds, left out of objects unless configured to keep them. */
    default Set<String> fields() {
        return Set.of();
    }

    static Partitioner of(SinkConfig sink) {
        return switch (sink.partitioner()) {
            case DEFAULT -> row -> "partition=" + row.partition();
            case FIELD -> new FieldPartitioner(sink.partitionFields());
            case TIME ->
                new TimePartitioner(
                        sink.pathFormat().orElseThrow(),
                        sink.partitionDuration(),
                        sink.timestampSource(),
                        sink.timestampField(),
                        sink.timezone(),
                        sink.locale());
        };
    }
}
