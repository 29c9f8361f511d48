package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.transform.TransformChain;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TransformPoolTest {

    static final String TIMESTAMPS = """
              - name: events
                topics: events
                bucket: lake
                transforms:
                  - type: TimestampConverter$Value
                    field: at
                    target.type: Timestamp
                    format: yyyy-MM-dd
            """;

    @Test
    void shouldLendAChainToOneBorrowerAtATimeAndReuseItOnceReleased() {
        try (TransformPool pool = new TransformPool(Sinks.first(TIMESTAMPS))) {
            TransformChain<SinkRecord> first = pool.borrow();
            TransformChain<SinkRecord> second = pool.borrow();
            pool.release(first);
            TransformChain<SinkRecord> third = pool.borrow();

            assertThat(second).isNotSameAs(first);
            assertThat(third).isSameAs(first);
            assertThat(pool.size()).isEqualTo(2);
            assertThat(pool.isEmpty()).isFalse();
        }
    }

    @Test
    void shouldSayASinkWithoutTransformsHasNone() {
        try (TransformPool pool = new TransformPool(Sinks.first("""
                  - name: plain
                    topics: plain
                    bucket: lake
                """))) {
            assertThat(pool.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldRefuseInvalidTransformsAtOnce() {
        assertThatThrownBy(() -> new TransformPool(Sinks.first("""
                          - name: broken
                            topics: broken
                            bucket: lake
                            transforms:
                              - type: NoSuchTransform
                        """))).isInstanceOf(ConfigException.class);
    }
}
