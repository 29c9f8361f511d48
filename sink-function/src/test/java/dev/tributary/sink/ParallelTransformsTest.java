package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.event.InputRecord;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chunks of a batch are transformed on several threads at once, and some of Kafka's transforms are not thread-safe
 * (TimestampConverter parses and formats with one SimpleDateFormat): each worker must have transforms of its own.
 */
class ParallelTransformsTest {

    static final Schema ROW = SchemaBuilder.struct()
            .name("event")
            .field("id", Schema.INT32_SCHEMA)
            .field("at", Schema.STRING_SCHEMA)
            .build();
    static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("parallel");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldConvertEveryTimestampExactlyWhenChunksAreTransformedInParallel() throws Exception {
        // Eight chunks of 1,000 records, every one with a different time, so that a parse disturbed by another
        // thread shows as a wrong value or a dead letter.
        List<InputRecord> batch = new ArrayList<>();
        for (int i = 0; i < 8_000; i++) {
            batch.add(
                    lake.unkeyed("events", i, ROW, new Struct(ROW).put("id", i).put("at", TEXT.format(expected(i)))));
        }

        SinkResponse response = lake.sink("""
                  - name: events
                    topics: events
                    bucket: ${bucket}
                    transforms:
                      - type: TimestampConverter$Value
                        field: at
                        target.type: Timestamp
                        format: yyyy-MM-dd HH:mm:ss.SSS
                """).process(batch);

        assertThat(response.deadLettered()).isZero();
        assertThat(response.written()).isEqualTo(8_000);
        List<Map<String, Object>> rows = lake.query("SELECT id, epoch_ms(\"at\") AS at_ms FROM read_parquet("
                + "'${lake}/topics/events/*/*.parquet') ORDER BY id");
        assertThat(rows).hasSize(8_000);
        for (Map<String, Object> row : rows) {
            int id = (Integer) row.get("id");
            assertThat(row.get("at_ms"))
                    .as("record %d", id)
                    .isEqualTo(expected(id).toInstant(ZoneOffset.UTC).toEpochMilli());
        }
    }

    private static LocalDateTime expected(int i) {
        return LocalDateTime.ofInstant(
                Instant.parse("2001-01-01T00:00:00Z").plusSeconds(i * 86_413L).plusMillis(i % 1000), ZoneOffset.UTC);
    }
}
