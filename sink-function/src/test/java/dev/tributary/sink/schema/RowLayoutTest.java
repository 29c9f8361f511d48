package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RowLayoutTest {

    @Test
    void shouldReadInstantsInEveryIsoFormExactly() {
        for (String text : new String[] {"2026-11-25T10:00:00Z", "2026-11-25T10:00:00.5Z", "2026-11-25T10:00:00.123456Z",
                "1969-12-31T23:59:59.999999Z", "2026-11-25T10:00:00.123+02:00", "0001-01-01T00:00:00Z"}) {
            Instant expected = java.time.OffsetDateTime.parse(text).toInstant();
            assertThat(RowLayout.instantMicros(text)).as(text)
                    .isEqualTo(expected.getEpochSecond() * 1_000_000L + expected.getNano() / 1000);
        }
    }

    @Test
    void shouldMakeAvroNamesOfAnyColumnName() {
        assertThat(RowLayout.safe("first-name")).isEqualTo("first_name");
        assertThat(RowLayout.safe("2nd")).isEqualTo("_2nd");
        assertThat(RowLayout.safe("Zürich")).isEqualTo("Z_rich");
    }
}
