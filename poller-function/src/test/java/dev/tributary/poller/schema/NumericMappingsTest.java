package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.record.SemanticTypes;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumericMappingsTest {

    @ParameterizedTest
    @CsvSource({
        "2, INT8, 12",
        "4, INT16, 1234",
        "9, INT32, 123456789",
        "18, INT64, 123456789012345678",
    })
    void shouldReadAnIntegralNumericAsTheNarrowestIntegerThatHoldsItsPrecision(
            int precision, Schema.Type type, String value) throws SQLException {
        QueryValue read = QueryValue.of(
                value + "::numeric(" + precision + ",0)",
                column -> NumericMappings.of(QueryValue.numeric(precision, 0, false), NumericMapping.PRECISION_ONLY));
        assertThat(read.mapping().schema().type()).isEqualTo(type);
        assertThat(read.mapping().schema().isOptional()).isFalse();
        assertThat(read.value().toString()).isEqualTo(value);
    }

    @Test
    void shouldReadADecimalAtItsScaleWithItsPrecisionAsAParameter() throws SQLException {
        QueryValue read = QueryValue.of(
                "-1.5::numeric(10,2)",
                column -> NumericMappings.of(QueryValue.numeric(10, 2, true), NumericMapping.NONE));
        assertThat(read.mapping().schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(read.mapping().schema().parameters())
                .containsEntry(Decimal.SCALE_FIELD, "2")
                .containsEntry(SemanticTypes.DECIMAL_PRECISION, "10");
        assertThat(read.value()).isEqualTo(new BigDecimal("-1.50"));
    }

    @Test
    void shouldReadFractionsAsDoublesUnderBestFit() throws SQLException {
        QueryValue read = QueryValue.of(
                "2.25::numeric(10,2)",
                column -> NumericMappings.of(QueryValue.numeric(10, 2, true), NumericMapping.BEST_FIT));
        assertThat(read.mapping().schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(read.value()).isEqualTo(2.25);
        assertThat(NumericMappings.of(QueryValue.numeric(20, 2, true), NumericMapping.BEST_FIT)
                        .schema()
                        .name())
                .as("precision above 18 stays exact")
                .isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(NumericMappings.of(QueryValue.numeric(20, 2, true), NumericMapping.BEST_FIT_EAGER_DOUBLE)
                        .schema()
                        .type())
                .isEqualTo(Schema.Type.FLOAT64);
    }

    @Test
    void shouldKeepAnUnconstrainedNumericExactAsText() throws SQLException {
        QueryValue read = QueryValue.of(
                "1.23456789012345678901234567890::numeric",
                column -> NumericMappings.of(QueryValue.numeric(0, 0, true), NumericMapping.PRECISION_ONLY));
        assertThat(read.mapping().schema().name()).isEqualTo(SemanticTypes.VARIABLE_DECIMAL);
        assertThat(read.value()).isEqualTo("1.23456789012345678901234567890");
    }

    @Test
    void shouldRefuseNotANumberInADecimal() {
        assertThatThrownBy(() -> QueryValue.of(
                        "'NaN'::numeric(10,2)",
                        column -> NumericMappings.of(QueryValue.numeric(10, 2, true), NumericMapping.NONE)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot represent numeric 'NaN' of column v as a decimal");
    }
}
