package dev.tributary.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.TransformConfig;

class TransformChainTest {

    private static final Schema ADDRESS = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .build();

    @Test
    void shouldKeyByAnExtractedFieldAndInsertStaticAndTopicFieldsAsTheSeedDoes() {
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(
                transform("createKey", "org.apache.kafka.connect.transforms.ValueToKey", Map.of("fields", "address_id")),
                transform("extractInt", "ExtractField$Key", Map.of("field", "address_id")),
                transform("InsertTopic", "InsertField$Value", Map.of("topic.field", "message_topic")),
                transform("InsertSourceDetails", "InsertField$Value",
                        Map.of("static.field", "message_source", "static.value", "pagila"))))) {

            SourceRecord out = chain.apply(record("pagila.public.alt.address", 100, "Alberta"));

            assertThat(out.key()).isEqualTo(100);
            assertThat(out.keySchema().type()).isEqualTo(Schema.Type.INT32);
            Struct value = (Struct) out.value();
            assertThat(value.getString("message_topic")).isEqualTo("pagila.public.alt.address");
            assertThat(value.getString("message_source")).isEqualTo("pagila");
            assertThat(value.getString("district")).isEqualTo("Alberta");
        }
    }

    @Test
    void shouldRenameFieldsAsReplaceFieldDoes() {
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(
                transform("RenameField", "ReplaceField$Value", Map.of("renames", "district:state_province"))))) {

            Struct value = (Struct) chain.apply(record("pagila.query", 1, "Texas")).value();

            assertThat(value.schema().fields()).extracting(f -> f.name())
                    .containsExactly("address_id", "state_province");
            assertThat(value.getString("state_province")).isEqualTo("Texas");
        }
    }

    @Test
    void shouldNameTheTransformWhoseConfigurationConnectRejects() {
        assertThatThrownBy(() -> TransformChain.of(List.of(
                transform("cast", "Cast$Value", Map.of("spec", "address_id:int33")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot configure transform sources[0].transforms[cast] (Cast$Value)")
                .hasMessageContaining("int33");
    }

    @Test
    void shouldRefuseAClassThatIsNotAnApacheKafkaTransform() {
        assertThatThrownBy(() -> TransformChain.of(List.of(
                transform("evil", "com.example.RunAnything", Map.of()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 'com.example.RunAnything' for sources[0].transforms[evil].type")
                .hasMessageContaining("InsertField$Value");
    }

    private static TransformConfig transform(String name, String type, Map<String, String> properties) {
        return new TransformConfig("sources[0].transforms[" + name + "]", type, properties);
    }

    private static SourceRecord record(String topic, int id, String district) {
        Struct value = new Struct(ADDRESS).put("address_id", id).put("district", district);
        return new SourceRecord(Map.of(), Map.of(), topic, null, null, null, ADDRESS, value);
    }
}
