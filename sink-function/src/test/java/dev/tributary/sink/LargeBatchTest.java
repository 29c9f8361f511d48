package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sink.benchmark.SinkBenchmark;
import dev.tributary.sink.event.InputRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch as large as the event source mapping sends (6 MB, 10,000 records over 100 partitions) is written within
 * the heap a 512 MB function has: this module's tests run with -Xmx400m.
 */
class LargeBatchTest {

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
            Struct row = new Struct(SinkBenchmark.ROW)
                    .put("address_id", i)
                    .put("address", i + " MySakila Drive, building " + "x".repeat(i % 40))
                    .put("district", "Alberta")
                    .put("city_id", i % 600)
                    .put("phone", "1403333" + i)
                    .put("last_update", "2026-11-25T10:00:00.123456Z")
                    .put("postal_code", "T2P 2W3");
            InputRecord record = lake.record("large", i % 100, i / 100, null, null, SinkBenchmark.ROW, row);
            bytes += record.value().length;
            batch.add(record);
        }
        assertThat(bytes).isGreaterThan(6_000_000L);

        SinkResponse response = lake.sinkTaking("large").process(batch);

        assertThat(response.written()).isEqualTo(10_000);
        assertThat(response.objects()).hasSize(100);
    }
}
