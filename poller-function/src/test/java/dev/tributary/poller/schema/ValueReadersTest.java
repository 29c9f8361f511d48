package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import java.sql.SQLException;
import java.util.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueReadersTest {

    @ParameterizedTest
    @CsvSource(
            quoteCharacter = '"',
            value = {
                "-7::int2, -7",
                "70000::int4, 70000",
                "9007199254740993::int8, 9007199254740993",
                "1.5::float4, 1.5",
                "2.25::float8, 2.25",
                "true, true",
                "'a b'::text, a b"
            })
    void shouldReadAValueAsItsPrimitive(String expression, String expected) throws SQLException {
        QueryValue read = QueryValue.of(expression, column -> ColumnMapping.of(column, NumericMapping.NONE));
        assertThat(String.valueOf(read.value())).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"int2", "int4", "int8", "float4", "float8", "bool", "text"})
    void shouldReadSqlNullAsNullNotZero(String type) throws SQLException {
        assertThat(QueryValue.of("NULL::" + type, column -> ColumnMapping.of(column, NumericMapping.NONE))
                        .value())
                .isNull();
    }

    @Test
    void shouldReadTheInt8OfASmallNumericAsAByte() throws SQLException {
        QueryValue read = QueryValue.of(
                "-12::numeric(2,0)", column -> new ColumnMapping(column, Schema.INT8_SCHEMA, ValueReaders.INT8));
        assertThat(read.value()).isEqualTo((byte) -12);
    }

    @Test
    void shouldReadADateAsMidnightUtcAndRefuseInfinity() throws SQLException {
        assertThat(QueryValue.of("'2024-02-29'::date", ValueReadersTest::dateMapping)
                        .value())
                .isEqualTo(new Date(19782L * 86_400_000L));
        assertThatThrownBy(() -> QueryValue.of("'infinity'::date", ValueReadersTest::dateMapping))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot represent date 'infinity' of column v");
    }

    @Test
    void shouldRefuseInfiniteTimestamps() {
        assertThatThrownBy(() ->
                        QueryValue.of("'infinity'::timestamp", column -> ColumnMapping.of(column, NumericMapping.NONE)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot represent timestamp 'infinity' of column v");
        assertThatThrownBy(() -> QueryValue.of(
                        "'-infinity'::timestamptz", column -> ColumnMapping.of(column, NumericMapping.NONE)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot represent timestamp 'infinity' of column v");
    }

    private static ColumnMapping dateMapping(ColumnInfo column) {
        return new ColumnMapping(column, Schema.OPTIONAL_INT32_SCHEMA, ValueReaders.date(column));
    }
}
