package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class KafkaConnectMappingsTest {

    @Test
    void shouldReadTimestampsAsMillisecondInstantsInTheDatabasesZone() throws SQLException {
        QueryValue local = QueryValue.of(
                "'2024-01-01 00:00:00.123456'::timestamp",
                column -> KafkaConnectMappings.of(column, ZoneId.of("Europe/Zurich"))
                        .orElseThrow());
        QueryValue instant = QueryValue.of(
                "'2024-01-01 00:00:00.654321+05:30'::timestamptz",
                column -> KafkaConnectMappings.of(column, ZoneOffset.UTC).orElseThrow());
        assertThat(local.mapping().schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(local.value()).as("midnight in Zurich is 23:00 UTC").isEqualTo(new Date(1_704_063_600_123L));
        assertThat(instant.value()).isEqualTo(new Date(1_704_047_400_654L));
        assertThat(local.mapping().literal())
                .as("no literal: the mark is read as text")
                .isNull();
    }

    @Test
    void shouldReadATimeAsMillisecondsOfTheDay() throws SQLException {
        QueryValue time = QueryValue.of(
                "'12:34:56.123456'::time",
                column -> KafkaConnectMappings.of(column, ZoneOffset.UTC).orElseThrow());
        assertThat(time.mapping().schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(time.value()).isEqualTo(new Date(45_296_123L));
    }

    @Test
    void shouldWriteUuidsJsonAndEnumsAsPlainStrings() throws SQLException {
        QueryValue uuid = QueryValue.of(
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
                column -> KafkaConnectMappings.of(column, ZoneOffset.UTC).orElseThrow());
        assertThat(uuid.mapping().schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(uuid.mapping().literal().apply(uuid.value())).isEqualTo(uuid.text());
        ColumnInfo mood = new ColumnInfo("v", Types.VARCHAR, "mood", 0, 0, false, Optional.of(List.of("sad", "ok")));
        assertThat(KafkaConnectMappings.of(mood, ZoneOffset.UTC).orElseThrow().schema())
                .isEqualTo(Schema.STRING_SCHEMA);
    }

    @Test
    void shouldLeaveTypesItWritesAsTributaryDoesToThePreciseMapping() {
        ColumnInfo integer = new ColumnInfo("v", Types.INTEGER, "int4", 10, 0, false, Optional.empty());
        assertThat(KafkaConnectMappings.of(integer, ZoneOffset.UTC)).isEmpty();
    }
}
