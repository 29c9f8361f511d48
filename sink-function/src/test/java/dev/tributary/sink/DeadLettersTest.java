package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.record.TopicPartition;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.partition.PartitionException;
import dev.tributary.sink.storage.LakeStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    static final InputRecord RECORD = new InputRecord(
            new TopicPartition("orders", 4),
            42,
            1_764_064_800_000L,
            "k".getBytes(StandardCharsets.UTF_8),
            "v".getBytes(StandardCharsets.UTF_8),
            List.of(Map.entry("h", "x".getBytes(StandardCharsets.UTF_8))));
    static final String SINKS = """
              - name: a
                topics: a
                bucket: lake
                dead-letter-prefix: dead
              - name: b
                topics: b
                bucket: lake
                dead-letter-prefix: dead
              - name: c
                topics: c
                bucket: other
            """;
    /** Letters are built here, not written: writing them is DeliveryGuaranteesTest's, against S3. */
    static final LakeStore UNUSED = (location, content, type, metadata) -> {
        throw new AssertionError("Nothing is written here");
    };

    @Test
    void shouldFileALetterUnderItsSinksPrefixByTopicPartitionAndPaddedOffset() {
        DeadLetter letter = DeadLetter.of(Sinks.pipeline(SINKS).sinks().get(0), RECORD, "bad");

        assertThat(DeadLetters.location(letter)).isEqualTo(new S3Location("lake", "dead/orders/4/0000000042.json"));
    }

    @Test
    void shouldWriteTheReasonAndTheRawRecordInBase64() throws Exception {
        DeadLetter letter = DeadLetter.of(Sinks.pipeline(SINKS).sinks().get(0), RECORD, "bad");

        JsonNode body = new ObjectMapper().readTree(DeadLetters.body(letter));

        assertThat(body.get("reason").asText()).isEqualTo("bad");
        assertThat(body.get("topic").asText()).isEqualTo("orders");
        assertThat(body.get("partition").asInt()).isEqualTo(4);
        assertThat(body.get("offset").asLong()).isEqualTo(42);
        assertThat(body.get("timestamp").asLong()).isEqualTo(1_764_064_800_000L);
        assertThat(body.get("key").asText()).isEqualTo("aw==");
        assertThat(body.get("value").asText()).isEqualTo("dg==");
        assertThat(body.get("headers").get("h").asText()).isEqualTo("eA==");
    }

    @Test
    void shouldWriteOneLetterPerLocationNamingEverySinkThatRefusedTheRecord() {
        List<SinkConfig> sinks = Sinks.pipeline(SINKS).sinks();
        DeadLetter a = DeadLetter.of(sinks.get(0), RECORD, "bad");
        DeadLetter b = DeadLetter.of(sinks.get(1), RECORD, "bad");
        DeadLetter c = DeadLetter.of(sinks.get(1), RECORD, "worse");
        DeadLetter elsewhere = DeadLetter.of(sinks.get(2), RECORD, "bad");

        List<DeadLetter> same = DeadLetters.onePerLocation(List.of(a, b, elsewhere));
        List<DeadLetter> different = DeadLetters.onePerLocation(List.of(a, c));

        assertThat(same)
                .extracting(DeadLetter::reason, DeadLetter::sinks)
                .containsExactly(tuple("bad", List.of("a", "b")), tuple("bad", List.of("c")));
        assertThat(different).extracting(DeadLetter::reason).containsExactly("sink a: bad; sink b: worse");
    }

    @Test
    void shouldFileARecordNoSinkTakesUnderNoSinkOnceForEveryDistinctPrefix() {
        List<DeadLetter> letters = new DeadLetters(UNUSED, Sinks.pipeline(SINKS).sinks()).noSink(RECORD);

        assertThat(letters.stream().map(DeadLetters::location))
                .containsExactly(
                        new S3Location("lake", "dead/no-sink/orders/4/0000000042.json"),
                        new S3Location("other", "dead-letter/no-sink/orders/4/0000000042.json"));
        assertThat(letters)
                .extracting(DeadLetter::reason)
                .containsOnly("No sink takes topic orders; add it to a sink's topics or topics-regex");
    }

    @Test
    void shouldGiveARecordsOwnProblemAsItsReasonAndNameAnyOtherFailure() {
        assertThat(DeadLetter.reason(new PartitionException("Cannot partition by x because y")))
                .isEqualTo("Cannot partition by x because y");
        assertThat(DeadLetter.reason(new IllegalStateException("broken"))).isEqualTo("IllegalStateException: broken");
    }
}
