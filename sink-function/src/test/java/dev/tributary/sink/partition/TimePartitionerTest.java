package dev.tributary.sink.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.SinkConfig.TimestampSource;
import dev.tributary.sink.schema.LakeRow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class TimePartitionerTest {

    private static final String HOURLY = "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH";

    @Test
    void shouldFormatTheKafkaTimestampInTheConfiguredZoneAsKafkaConnectDoes() {
        TimePartitioner partitioner = new TimePartitioner(
                HOURLY,
                Duration.ofHours(1),
                TimestampSource.RECORD,
                Optional.empty(),
                ZoneId.of("America/Los_Angeles"),
                Locale.ENGLISH);
        long at = Instant.parse("2026-01-01T07:59:59.999Z").toEpochMilli();

        assertThat(partitioner.path(row(at, null))).isEqualTo("year=2025/month=12/day=31/hour=23");
    }

    @Test
    void shouldRoundDownToTheDurationInLocalTime() {
        TimePartitioner daily = new TimePartitioner(
                "'dt'=YYYY-MM-dd",
                Duration.ofDays(1),
                TimestampSource.RECORD,
                Optional.empty(),
                ZoneId.of("Asia/Kolkata"),
                Locale.ENGLISH);

        assertThat(daily.path(row(Instant.parse("2026-03-01T18:29:00Z").toEpochMilli(), null)))
                .isEqualTo("dt=2026-03-01");
        assertThat(daily.path(row(Instant.parse("2026-03-01T18:31:00Z").toEpochMilli(), null)))
                .isEqualTo("dt=2026-03-02");
    }

    @Test
    void shouldReadTheTimeFromARecordField() {
        Schema schema = SchemaBuilder.struct()
                .field(
                        "last_update",
                        SchemaBuilder.string()
                                .name("io.debezium.time.ZonedTimestamp")
                                .build())
                .build();
        TimePartitioner partitioner = onLastUpdate(HOURLY);

        Struct value = new Struct(schema).put("last_update", "2026-11-25T10:15:00.123456Z");

        assertThat(partitioner.path(new LakeRow(null, null, schema, value, "t", 0, 0, null, null)))
                .isEqualTo("year=2026/month=11/day=25/hour=10");
        Schema other = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> partitioner.path(
                        new LakeRow(null, null, other, new Struct(other).put("id", 1), "t", 0, 0, null, null)))
                .isInstanceOf(PartitionException.class)
                .hasMessage("Cannot partition by time field last_update because the record has no such field");
    }

    @Test
    void shouldPlaceATombstoneAndANullTimeUnderHivesDefaultPartition() {
        Schema schema = SchemaBuilder.struct()
                .field("last_update", Timestamp.builder().optional().build())
                .build();
        TimePartitioner partitioner = onLastUpdate(HOURLY);
        TimePartitioner plain = onLastUpdate("YYYY/MM/'at=x'");
        String hourly = "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"
                + "/day=__HIVE_DEFAULT_PARTITION__/hour=__HIVE_DEFAULT_PARTITION__";

        assertThat(partitioner.path(new LakeRow(null, null, null, null, "t", 0, 0, 1L, null)))
                .isEqualTo(hourly);
        assertThat(partitioner.path(new LakeRow(null, null, schema, new Struct(schema), "t", 0, 0, 1L, null)))
                .isEqualTo(hourly);
        assertThat(plain.path(new LakeRow(null, null, null, null, "t", 0, 0, 1L, null)))
                .isEqualTo("__HIVE_DEFAULT_PARTITION__/__HIVE_DEFAULT_PARTITION__/__HIVE_DEFAULT_PARTITION__");
    }

    private static LakeRow row(long timestamp, Struct value) {
        return new LakeRow(null, null, value == null ? null : value.schema(), value, "t", 0, 0, timestamp, null);
    }

    /** A partitioner by the record's last_update field, in UTC, one hour per partition. */
    private static TimePartitioner onLastUpdate(String pathFormat) {
        return new TimePartitioner(
                pathFormat,
                Duration.ofHours(1),
                TimestampSource.RECORD_FIELD,
                Optional.of("last_update"),
                ZoneId.of("UTC"),
                Locale.ENGLISH);
    }
}
