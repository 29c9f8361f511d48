package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueLiteralsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-7::int2",
                "9007199254740993::int8",
                "'Ünïcödé ✓'::text",
                "'ab'::char(3)",
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
                "'2024-02-29'::date"
            })
    void shouldGivePostgresqlsOwnTextOfAValueRead(String expression) throws SQLException {
        QueryValue read = QueryValue.of(expression, column -> ColumnMapping.of(column, NumericMapping.NONE));
        assertThat(read.mapping().literal().apply(read.value())).isEqualTo(read.text());
    }

    @Test
    void shouldGiveTheExactTextOfADecimalOrIntegralNumeric() throws SQLException {
        QueryValue decimal = QueryValue.of(
                "-12345678.90::numeric(10,2)",
                column -> ColumnMapping.of(QueryValue.numeric(10, 2, true), NumericMapping.NONE));
        QueryValue integral = QueryValue.of(
                "12345::numeric(5,0)",
                column -> ColumnMapping.of(QueryValue.numeric(5, 0, true), NumericMapping.BEST_FIT));
        assertThat(decimal.mapping().literal().apply(decimal.value())).isEqualTo("-12345678.90");
        assertThat(integral.mapping().literal().apply(integral.value())).isEqualTo("12345");
    }

    @Test
    void shouldGiveTimesAsIsoTextACastReadsBack() throws SQLException {
        QueryValue local = QueryValue.of(
                "'2024-01-01 00:00:00.123456'::timestamp", column -> ColumnMapping.of(column, NumericMapping.NONE));
        QueryValue instant = QueryValue.of(
                "'2024-01-01 00:00:00.654321+05:30'::timestamptz",
                column -> ColumnMapping.of(column, NumericMapping.NONE));
        assertThat(local.mapping().literal().apply(local.value())).isEqualTo("2024-01-01T00:00:00.123456");
        assertThat(instant.mapping().literal().apply(instant.value())).isEqualTo("2023-12-31T18:30:00.654321Z");
    }

    @Test
    void shouldGiveNoTextWhereTheValueDoesNotDetermineIt() {
        assertThat(ValueLiterals.of(QueryValue.numeric(10, 2, true), NumericMapping.BEST_FIT))
                .as("a double")
                .isNull();
        assertThat(ValueLiterals.of(QueryValue.numeric(0, 0, true), NumericMapping.PRECISION_ONLY))
                .as("an unconstrained numeric")
                .isNull();
        assertThat(ValueLiterals.of(
                        new ColumnInfo("v", Types.DOUBLE, "float8", 17, 17, true, Optional.empty()),
                        NumericMapping.NONE))
                .isNull();
    }
}
