package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaMergerTest {

    @Test
    void shouldMergeAnUnknownTypeWithAnyType() {
        Schema decimal = Decimal.builder(2).build();
        Schema list =
                SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build();

        assertThat(SchemaMerger.merge(SchemaMerger.UNKNOWN_SCHEMA, Schema.INT64_SCHEMA))
                .isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(SchemaMerger.merge(decimal, SchemaMerger.UNKNOWN_SCHEMA)).isEqualTo(SchemaMerger.optional(decimal));
        assertThat(SchemaMerger.merge(
                        SchemaBuilder.array(SchemaMerger.UNKNOWN_SCHEMA)
                                .optional()
                                .build(),
                        list))
                .isEqualTo(list);
    }

    @Test
    void shouldWidenAnIntegerMeetingAFloatToFloat64() {
        assertThat(SchemaMerger.merge(Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA))
                .isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(SchemaMerger.merge(Schema.FLOAT32_SCHEMA, Schema.INT32_SCHEMA))
                .isEqualTo(Schema.FLOAT64_SCHEMA);
        assertThatThrownBy(() -> SchemaMerger.merge(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA))
                .isInstanceOf(SchemaConflictException.class)
                .hasMessage("Cannot merge INT64 and STRING at value");
    }
}
