package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.event.InputRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch as large as the event source mapping sends (6 MB, 10,000 records over 100 partitions) is written within
 * the heap a 512 MB function has: this module's tests run with -Xmx400m.
 */
class LargeBatchTest {

    static final Schema ROW = SchemaBuilder.struct()
            .name("address")
            .field("address_id", Schema.INT32_SCHEMA)
            .field("address", Schema.STRING_SCHEMA)
            .field("address2", Schema.OPTIONAL_STRING_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .field("city_id", Schema.INT32_SCHEMA)
            .field("postal_code", Schema.OPTIONAL_STRING_SCHEMA)
            .field("phone", Schema.STRING_SCHEMA)
            .field(
                    "last_update",
                    SchemaBuilder.string()
                            .name("io.debezium.time.ZonedTimestamp")
                            .build())
            .build();

    private static LocalLake lake;

    @BeforeAll
    static void start() {
        lake = new LocalLake("large");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldWriteASixMegabyteBatchOverAHundredPartitionsWithinTheFunctionsMemory() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(420L * 1024 * 1024);
        List<InputRecord> batch = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < 10_000; i++) {
            Struct row = new Struct(ROW)
                    .put("address_id", i)
                    .put("address", i + " MySakila Drive, building " + "x".repeat(i % 40))
                    .put("district", "Alberta")
                    .put("city_id", i % 600)
                    .put("phone", "1403333" + i)
                    .put("last_update", "2026-11-25T10:00:00.123456Z")
                    .put("postal_code", "T2P 2W3");
            InputRecord record = lake.record("large", i % 100, i / 100, null, null, ROW, row);
            bytes += record.value().length;
            batch.add(record);
        }
        assertThat(bytes).isGreaterThan(6_000_000L);

        SinkResponse response = lake.sink("""
                  - name: large
                    topics: large
                    bucket: ${bucket}
                """).process(batch);

        assertThat(response.written()).isEqualTo(10_000);
        assertThat(response.objects()).hasSize(100);
    }
}
