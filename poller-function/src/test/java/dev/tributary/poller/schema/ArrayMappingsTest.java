package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Arrays;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ArrayMappingsTest {

    @Test
    void shouldReadAnArrayOfPrimitivesWithItsNulls() throws SQLException {
        QueryValue read = QueryValue.of("'{1,NULL,3}'::int4[]", ArrayMappings::of);
        assertThat(read.mapping().schema().type()).isEqualTo(Schema.Type.ARRAY);
        assertThat(read.mapping().schema().valueSchema()).isEqualTo(Schema.OPTIONAL_INT32_SCHEMA);
        assertThat(read.value()).isEqualTo(Arrays.asList(1, null, 3));
    }

    @Test
    void shouldWriteOtherElementsInTheTextTheirScalarsGet() throws SQLException {
        assertThat(QueryValue.of("ARRAY['\\x00ff'::bytea]", ArrayMappings::of).value())
                .isEqualTo(Arrays.asList("AP8="));
        assertThat(QueryValue.of("ARRAY['2024-01-01 00:00:00.654321+05:30'::timestamptz]", ArrayMappings::of)
                        .value())
                .isEqualTo(Arrays.asList("2023-12-31T18:30:00.654321Z"));
        assertThat(QueryValue.of("ARRAY['2024-01-01 00:00:00.123456'::timestamp]", ArrayMappings::of)
                        .value())
                .isEqualTo(Arrays.asList("2024-01-01T00:00:00.123456"));
        assertThat(QueryValue.of("ARRAY['2024-02-29'::date]", ArrayMappings::of).value())
                .isEqualTo(Arrays.asList("2024-02-29"));
        assertThat(QueryValue.of("'{\"a b\",c}'::text[]", ArrayMappings::of).value())
                .isEqualTo(Arrays.asList("a b", "c"));
    }

    @Test
    void shouldReadSqlNullAsNull() throws SQLException {
        assertThat(QueryValue.of("NULL::int8[]", ArrayMappings::of).value()).isNull();
    }

    @Test
    void shouldRefuseWhatItCannotRepresent() {
        assertThatThrownBy(() -> QueryValue.of("'{{1,2},{3,4}}'::int4[]", ArrayMappings::of))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot represent the multi-dimensional array [1, 2]");
        assertThatThrownBy(() -> QueryValue.of("ARRAY['12:00:00.5'::time]", ArrayMappings::of))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("arrays of time lose their fraction of a second");
    }
}
