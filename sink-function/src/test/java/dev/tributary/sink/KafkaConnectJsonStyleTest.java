package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON objects in Kafka Connect's JsonFormat style, as a converted S3 sink connector writes them. */
class KafkaConnectJsonStyleTest {

    static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("day", Date.SCHEMA)
            .field("at", Time.SCHEMA)
            .field("changed", Timestamp.SCHEMA)
            .build();

    private static LocalLake lake;

    @BeforeAll
    static void write() {
        lake = new LocalLake("connect-json");
        SinkService sink = lake.sink("""
                  - name: base64
                    topics: decimals.base64
                    bucket: ${bucket}
                    format: json
                    metadata-columns: false
                    json-style: kafka-connect
                  - name: numeric
                    topics: decimals.numeric
                    bucket: ${bucket}
                    format: json
                    metadata-columns: false
                    json-style: kafka-connect
                    json-decimal-format: numeric
                """);
        Struct row = new Struct(ROW)
                .put("id", 1)
                .put("amount", new BigDecimal("-12.50"))
                .put("day", new java.util.Date(19_782L * 86_400_000L))
                .put("at", new java.util.Date(45_296_123L))
                .put("changed", new java.util.Date(1_704_067_200_123L));
        sink.process(
                List.of(lake.unkeyed("decimals.base64", 0, ROW, row), lake.unkeyed("decimals.numeric", 0, ROW, row)));
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void shouldWriteTimesAsNumbersAndDecimalsAsBase64AsKafkaConnectsJsonFormatDoes() throws Exception {
        JsonNode line = read("decimals.base64");

        assertThat(line.get("changed").isIntegralNumber()).isTrue();
        assertThat(line.get("changed").asLong()).isEqualTo(1_704_067_200_123L);
        assertThat(line.get("day").asInt()).isEqualTo(19_782);
        assertThat(line.get("at").asInt()).isEqualTo(45_296_123);
        assertThat(Base64.getDecoder().decode(line.get("amount").asText()))
                .isEqualTo(new BigDecimal("-12.50").unscaledValue().toByteArray());
        assertThat(read("decimals.numeric").get("amount").decimalValue()).isEqualByComparingTo("-12.50");
    }

    private static JsonNode read(String topic) throws Exception {
        String key = lake.keys("topics/" + topic + "/").get(0);
        return new ObjectMapper().readTree(new String(lake.get(key), StandardCharsets.UTF_8).split("\n")[0]);
    }
}
