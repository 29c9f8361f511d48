package dev.tributary.sink.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.schema.LakeRow;
import java.math.BigDecimal;
import java.util.List;
import java.util.TimeZone;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class FieldPartitionerTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("country", Schema.OPTIONAL_STRING_SCHEMA)
            .field("city_id", Schema.OPTIONAL_INT32_SCHEMA)
            .field("day", Date.builder().optional().build())
            .field("at", Timestamp.builder().optional().build())
            .field("opens", Time.builder().optional().build())
            .field("amount", Decimal.builder(2).optional().build())
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();

    @Test
    void shouldPlaceATombstoneUnderHivesDefaultPartitionForEachField() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("country", "city_id"));

        assertThat(partitioner.path(new LakeRow(null, null, null, null, "t", 0, 0, null, null)))
                .isEqualTo("country=__HIVE_DEFAULT_PARTITION__/city_id=__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void shouldPlaceANullFieldUnderHivesDefaultPartition() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("country", "city_id"));

        assertThat(partitioner.path(row(new Struct(ROW).put("city_id", 7))))
                .isEqualTo("country=__HIVE_DEFAULT_PARTITION__/city_id=7");
    }

    @Test
    void shouldRenderDatesTimesAndDecimalsTheSameInEveryTimeZone() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of("day", "at", "opens", "amount"));
        Struct value = new Struct(ROW)
                .put("day", new java.util.Date(19_782L * 86_400_000L))
                .put("at", new java.util.Date(1_764_064_800_123L))
                .put("opens", new java.util.Date(45_296_000L))
                .put("amount", new BigDecimal("1E+3").setScale(2));
        TimeZone zone = TimeZone.getDefault();
        try {
            String here = partitioner.path(row(value));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));

            assertThat(partitioner.path(row(value)))
                    .isEqualTo(here)
                    .isEqualTo("day=2024-02-29/at=2025-11-25T10%3A00%3A00.123Z/opens=12%3A34%3A56/amount=1000.00");
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void shouldRefuseBytesAndCollectionsAsPartitionValuesNamingTheField() {
        Struct value = new Struct(ROW).put("blob", new byte[] {1, 2}).put("tags", List.of("a"));

        assertThatThrownBy(() -> new FieldPartitioner(List.of("blob")).path(row(value)))
                .isInstanceOf(PartitionException.class)
                .hasMessage("Cannot partition by field blob because its type is BYTES; a partition value must be a"
                        + " string, number, boolean, decimal, date or time");
        assertThatThrownBy(() -> new FieldPartitioner(List.of("tags")).path(row(value)))
                .isInstanceOf(PartitionException.class)
                .hasMessageStartingWith("Cannot partition by field tags because its type is ARRAY");
    }

    private static LakeRow row(Struct value) {
        return new LakeRow(null, null, value.schema(), value, "t", 0, 0, null, null);
    }
}
