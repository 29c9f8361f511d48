package dev.tributary.sink;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one sink invocation did.
 *
 * @param records records received
 * @param topicPartitions topic partitions in the batch, as {@code <topic>-<partition>}
 */
@RegisterForReflection
public record SinkResponse(int records, List<String> topicPartitions) {
}
