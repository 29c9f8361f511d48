package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TombstonesTest {

    static String sink(String nullValues) {
        return """
                  - name: items
                    topics: items
                    bucket: lake
                    null-values: %s
                """.formatted(nullValues);
    }

    @Test
    void shouldTreatANullValueAsTheSinksNullValuesSays() {
        assertThat(Tombstones.of(Sinks.first(sink("write")), null)).isEqualTo(Tombstones.WRITE);
        assertThat(Tombstones.of(Sinks.first(sink("ignore")), null)).isEqualTo(Tombstones.SKIP);
        assertThat(Tombstones.of(Sinks.first(sink("fail")), null)).isEqualTo(Tombstones.REFUSE);
    }

    @Test
    void shouldAlwaysWriteAValue() {
        assertThat(Tombstones.of(Sinks.first(sink("fail")), "value")).isEqualTo(Tombstones.WRITE);
        assertThat(Tombstones.of(Sinks.first(sink("ignore")), "value")).isEqualTo(Tombstones.WRITE);
    }
}
