package dev.tributary.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SinkConfig;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Term;
import org.junit.jupiter.api.Test;

/** Iceberg partition specs from the sinks' partitioners. */
class IcebergPartitioningTest {

    private static SinkConfig sink(String settings) {
        return PipelineParser.parse("""
                sinks:
                  - name: s
                    topics: t
                    bucket: lake
                    format: iceberg
                    %s
                """.formatted(settings), "p.yaml", Map.of())
                .sinks()
                .get(0);
    }

    private static List<String> terms(SinkConfig sink) {
        return IcebergPartitioning.of(sink).stream().map(Term::toString).toList();
    }

    @Test
    void shouldPartitionByIdentityByHourDayOrMonthOrNotAtAll() {
        assertThat(terms(sink("partitioner: default"))).isEmpty();
        assertThat(terms(sink("partitioner: field\n    partition-fields: Country,city")))
                .containsExactly("ref(name=\"country\")", "ref(name=\"city\")");
        assertThat(terms(sink("partitioner: time\n    path-format: \"'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH\"")))
                .singleElement()
                .asString()
                .startsWith("hour(")
                .contains("__timestamp");
        assertThat(terms(sink("partitioner: time\n    path-format: \"'dt'=YYYY-MM-dd\"\n    timestamp-source:"
                        + " record-field\n    timestamp-field: Last_Update")))
                .singleElement()
                .asString()
                .startsWith("day(")
                .contains("last_update");
        assertThat(terms(sink("partitioner: time\n    path-format: \"'year'=YYYY/'month'=MM\"")))
                .singleElement()
                .asString()
                .startsWith("month(");
    }

    @Test
    void shouldRefuseATimePathThatNamesNoHourDayOrMonth() {
        assertThatThrownBy(() -> IcebergPartitioning.of(sink("partitioner: time\n    path-format: \"'year'=YYYY\"")))
                .hasMessageContaining("path-format \"'year'=YYYY\" names no hour (HH), day (dd) or month (MM)");
    }
}
