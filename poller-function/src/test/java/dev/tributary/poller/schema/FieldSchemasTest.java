package dev.tributary.poller.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class FieldSchemasTest {

    @Test
    void shouldMakeAFieldOptionalOnlyWhenItsColumnMayHoldNull() {
        assertThat(FieldSchemas.primitive(Schema.INT32_SCHEMA, false)).isSameAs(Schema.INT32_SCHEMA);
        Schema optional = FieldSchemas.primitive(Schema.INT32_SCHEMA, true);
        assertThat(optional.type()).isEqualTo(Schema.Type.INT32);
        assertThat(optional.isOptional()).isTrue();
        assertThat(FieldSchemas.optional(SchemaBuilder.string().name("n"), false)
                        .isOptional())
                .isFalse();
        assertThat(FieldSchemas.optional(SchemaBuilder.string().name("n"), true))
                .satisfies(s -> assertThat(s.isOptional()).isTrue())
                .satisfies(s -> assertThat(s.name()).isEqualTo("n"));
    }
}
