package dev.tributary.sink;

import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.partition.PartitionException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot be written, with its reason, on its way to a dead-letter prefix.
 *
 * @param prefix where its letter goes: a sink's dead-letter prefix, or the {@code no-sink} location under one
 * @param sinks the sinks that cannot write it (none for a record of a topic no sink takes)
 */
record DeadLetter(S3Location prefix, InputRecord record, String reason, List<String> sinks) {

    /** A record one sink cannot write, to that sink's dead-letter prefix. */
    static DeadLetter of(SinkConfig sink, InputRecord record, String reason) {
        return new DeadLetter(prefix(sink), record, reason, List.of(sink.name()));
    }

    /**
     * This letter and another of the same record at the same location as one: sinks that share a dead-letter prefix
     * and both refuse a record write one letter naming each sink's reason, rather than one overwriting the other.
     */
    DeadLetter and(DeadLetter other) {
        if (other.reason.equals(reason)) {
            return new DeadLetter(prefix, record, reason, union(sinks, other.sinks));
        }
        return new DeadLetter(prefix, record, named(this) + "; " + named(other), union(sinks, other.sinks));
    }

    private static String named(DeadLetter letter) {
        return letter.sinks.isEmpty() || letter.reason.startsWith("sink ")
                ? letter.reason
                : "sink " + String.join(", ", letter.sinks) + ": " + letter.reason;
    }

    private static List<String> union(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).distinct().toList();
    }

    /** A record one sink cannot write because of the failure. */
    static DeadLetter of(SinkConfig sink, InputRecord record, RuntimeException failure) {
        return of(sink, record, reason(failure));
    }

    static S3Location prefix(SinkConfig sink) {
        return new S3Location(sink.bucket(), sink.deadLetterPrefix());
    }

    /**
     * A failure's message as a dead letter's reason. A record's own problem (Connect's data errors, among them a
     * partitioner's {@link PartitionException}) speaks for itself; anything else is named by its type.
     */
    static String reason(RuntimeException failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return failure instanceof DataException ? message : failure.getClass().getSimpleName() + ": " + message;
    }
}
