package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void shouldReadInstantsInEveryIsoFormExactly() {
        for (String text : new String[] {
            "2026-11-25T10:00:00Z",
            "2026-11-25T10:00:00.5Z",
            "2026-11-25T10:00:00.123456Z",
            "1969-12-31T23:59:59.999999Z",
            "2026-11-25T10:00:00.123+02:00",
            "0001-01-01T00:00:00Z"
        }) {
            Instant expected = OffsetDateTime.parse(text).toInstant();
            assertThat(Instants.micros(text))
                    .as(text)
                    .isEqualTo(expected.getEpochSecond() * 1_000_000L + expected.getNano() / 1000);
        }
    }

    @Test
    void shouldRefuseATimeWithoutAnOffset() {
        assertThatThrownBy(() -> Instants.micros("2026-11-25T10:00:00")).isInstanceOf(DateTimeException.class);
    }
}
