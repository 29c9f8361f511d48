package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.record.SemanticTypes;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreciseMappingsTest {

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {
                "'12:34:56.123456'::time, " + SemanticTypes.MICRO_TIME + ", 45296123456",
                "'12:34:56.5+02'::timetz, " + SemanticTypes.ZONED_TIME + ", 12:34:56.500+02:00",
                "'2024-01-01 00:00:00.123456'::timestamp, " + SemanticTypes.MICRO_TIMESTAMP + ", 1704067200123456",
                "'2024-01-01 00:00:00.654321+05:30'::timestamptz, " + SemanticTypes.ZONED_TIMESTAMP
                        + ", 2023-12-31T18:30:00.654321Z",
                "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, " + SemanticTypes.UUID
                        + ", a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "'{}'::jsonb, " + SemanticTypes.JSON + ", {}"
            })
    void shouldReadTimesToTheMicrosecondAndNameTheirSemanticTypes(String expression, String name, String value)
            throws SQLException {
        QueryValue read = QueryValue.of(expression, column -> PreciseMappings.of(column, NumericMapping.NONE));
        assertThat(read.mapping().schema().name()).isEqualTo(name);
        assertThat(read.mapping().schema().isOptional()).isTrue();
        assertThat(String.valueOf(read.value())).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {"'1 day 02:00:00'::interval, 1 day 02:00:00", "'10.0.0.1'::inet, 10.0.0.1"})
    void shouldReadAnyOtherTypeAsItsText(String expression, String value) throws SQLException {
        QueryValue read = QueryValue.of(expression, column -> PreciseMappings.of(column, NumericMapping.NONE));
        assertThat(read.mapping().schema().name()).isNull();
        assertThat(read.value()).isEqualTo(value);
    }
}
