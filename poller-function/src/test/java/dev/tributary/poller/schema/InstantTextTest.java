package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void shouldWriteAsManyFractionDigitsAsTheMicrosecondsNeed() {
        assertThat(InstantText.of(OffsetDateTime.parse("2026-01-01T10:00:00Z"))).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(InstantText.of(OffsetDateTime.parse("2026-01-01T10:00:00.5Z")))
                .isEqualTo("2026-01-01T10:00:00.5Z");
        assertThat(InstantText.of(OffsetDateTime.parse("2026-01-01T10:00:00.000101Z")))
                .isEqualTo("2026-01-01T10:00:00.000101Z");
        assertThat(InstantText.of(OffsetDateTime.parse("2026-01-01T10:00:00.000101999Z")))
                .as("nanoseconds beyond the microsecond dropped")
                .isEqualTo("2026-01-01T10:00:00.000101Z");
    }

    @Test
    void shouldWriteYearsOutsideFourDigitsAsTheIsoFormatterDoes() {
        assertThat(InstantText.of(OffsetDateTime.parse("0099-03-04T05:06:07.25Z")))
                .isEqualTo("0099-03-04T05:06:07.25Z");
        assertThat(InstantText.of(OffsetDateTime.parse("+12345-01-01T00:00:00Z")))
                .isEqualTo("+12345-01-01T00:00:00Z");
    }
}
