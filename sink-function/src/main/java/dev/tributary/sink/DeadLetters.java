package dev.tributary.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.storage.LakeStore;
import dev.tributary.sink.storage.StorageException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter layout: one JSON object per record, with its reason and its raw key, value and headers in base64,
 * at {@code <prefix>/<topic>/<partition>/<offset>.json}, so that a batch delivered again rewrites the same letters.
 *
 * <p>A record of a topic no sink takes belongs to no sink: its letter goes to {@code <prefix>/no-sink/<topic>/
 * <partition>/<offset>.json} under every distinct bucket and dead-letter prefix of the pipeline's sinks (one, as the
 * template deploys them), whichever sink comes first. The extra level keeps it apart from any topic's letters: a
 * topic's name holds no {@code /}.
 */
final class DeadLetters {

    /** The level under a dead-letter prefix for records of topics no sink takes. */
    static final String NO_SINK = "no-sink";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LakeStore store;
    private final List<S3Location> noSinkPrefixes;

    DeadLetters(LakeStore store, List<SinkConfig> sinks) {
        this.store = store;
        this.noSinkPrefixes = sinks.stream()
                .map(sink -> DeadLetter.prefix(sink).resolve(NO_SINK))
                .distinct()
                .toList();
    }

    /** The letters of a record of a topic no sink takes: one per distinct dead-letter prefix. */
    List<DeadLetter> noSink(InputRecord record) {
        String topic = record.topicPartition().topic();
        String reason = "No sink takes topic " + topic + "; add it to a sink's topics or topics-regex";
        return noSinkPrefixes.stream()
                .map(prefix -> new DeadLetter(prefix, record, reason, List.of()))
                .toList();
    }

    /**
     * The letters to write, one per location: letters of one record that two sinks sharing a bucket and dead-letter
     * prefix both refused become one letter with both reasons, so that neither is lost to the other's write.
     */
    static List<DeadLetter> onePerLocation(List<DeadLetter> letters) {
        Map<S3Location, DeadLetter> byLocation = new LinkedHashMap<>();
        for (DeadLetter letter : letters) {
            byLocation.merge(location(letter), letter, DeadLetter::and);
        }
        return List.copyOf(byLocation.values());
    }

    /**
     * Writes a letter.
     *
     * @throws StorageException if it cannot be written
     */
    void write(DeadLetter letter) {
        store.put(location(letter), body(letter), "application/json", Map.of());
    }

    static S3Location location(DeadLetter letter) {
        InputRecord record = letter.record();
        return letter.prefix()
                .resolve(record.topicPartition().topic() + "/"
                        + record.topicPartition().partition() + "/" + String.format("%010d", record.offset())
                        + ".json");
    }

    static byte[] body(DeadLetter letter) {
        InputRecord record = letter.record();
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", letter.reason());
        letter.sinks().forEach(body.putArray("sinks")::add);
        body.put("topic", record.topicPartition().topic());
        body.put("partition", record.topicPartition().partition());
        body.put("offset", record.offset());
        if (record.timestamp() != null) {
            body.put("timestamp", record.timestamp());
        }
        Base64.Encoder base64 = Base64.getEncoder();
        body.put("key", record.key() == null ? null : base64.encodeToString(record.key()));
        body.put("value", record.value() == null ? null : base64.encodeToString(record.value()));
        ObjectNode headers = body.putObject("headers");
        record.headers()
                .forEach(h ->
                        headers.put(h.getKey(), h.getValue() == null ? null : base64.encodeToString(h.getValue())));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the dead letter of " + location(letter) + " as JSON", e);
        }
    }
}
