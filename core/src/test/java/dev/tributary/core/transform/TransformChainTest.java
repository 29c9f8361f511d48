package dev.tributary.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PredicateConfig;
import dev.tributary.core.pipeline.TransformConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class TransformChainTest {

    private static final Schema ADDRESS = SchemaBuilder.struct()
            .field("address_id", Schema.INT32_SCHEMA)
            .field("district", Schema.STRING_SCHEMA)
            .build();

    @Test
    void shouldKeyByAnExtractedFieldAndInsertStaticAndTopicFieldsAsTheSeedDoes() {
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(
                transform(
                        "createKey", "org.apache.kafka.connect.transforms.ValueToKey", Map.of("fields", "address_id")),
                transform("extractInt", "ExtractField$Key", Map.of("field", "address_id")),
                transform("InsertTopic", "InsertField$Value", Map.of("topic.field", "message_topic")),
                transform(
                        "InsertSourceDetails",
                        "InsertField$Value",
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

            Struct value =
                    (Struct) chain.apply(record("pagila.query", 1, "Texas")).value();

            assertThat(value.schema().fields())
                    .extracting(f -> f.name())
                    .containsExactly("address_id", "state_province");
            assertThat(value.getString("state_province")).isEqualTo("Texas");
        }
    }

    @Test
    void shouldNameTheTransformWhoseConfigurationConnectRejects() {
        assertThatThrownBy(() ->
                        TransformChain.of(List.of(transform("cast", "Cast$Value", Map.of("spec", "address_id:int33")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot configure transform sources[0].transforms[cast] (Cast$Value)")
                .hasMessageContaining("int33");
    }

    @Test
    void shouldRefuseAClassThatIsNotAnApacheKafkaTransform() {
        assertThatThrownBy(() -> TransformChain.of(List.of(transform("evil", "com.example.RunAnything", Map.of()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 'com.example.RunAnything' for sources[0].transforms[evil].type")
                .hasMessageContaining("InsertField$Value");
    }

    @Test
    void shouldApplyATransformOnlyToTheRecordsOfTheTopicsItsPredicateMatches() {
        PredicateConfig isOrders = predicate(
                "IsOrders",
                "org.apache.kafka.connect.transforms.predicates" + ".TopicNameMatches",
                Map.of("pattern", "pg-orders.*"));
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(new TransformConfig(
                "sources[0].transforms[0]",
                "RegexRouter",
                Map.of("regex", "pg-(.*)", "replacement", "shop.$1"),
                Optional.of(isOrders),
                false)))) {

            assertThat(chain.apply(record("pg-orders", 1, "Texas")).topic()).isEqualTo("shop.orders");
            assertThat(chain.apply(record("pg-customers", 1, "Texas")).topic()).isEqualTo("pg-customers");
        }
    }

    @Test
    void shouldApplyANegatedTransformToTheRecordsItsPredicateDoesNotMatch() {
        PredicateConfig tagged = predicate("Tagged", "HasHeaderKey", Map.of("name", "keep"));
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(
                new TransformConfig("sources[0].transforms[0]", "Filter", Map.of(), Optional.of(tagged), true)))) {
            SourceRecord kept = record("t", 1, "Texas");
            kept.headers().addString("keep", "yes");

            assertThat(chain.apply(kept)).isSameAs(kept);
            assertThat(chain.apply(record("t", 2, "Alberta")))
                    .as("Filter drops what the predicate does not match")
                    .isNull();
        }
    }

    @Test
    void shouldDropTombstonesWithFilterUnderRecordIsTombstone() {
        try (TransformChain<SourceRecord> chain = TransformChain.of(List.of(new TransformConfig(
                "sinks[0].transforms[0]",
                "Filter",
                Map.of(),
                Optional.of(predicate("IsTombstone", "RecordIsTombstone", Map.of())),
                false)))) {
            SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null, null);

            assertThat(chain.apply(tombstone)).isNull();
            assertThat(chain.apply(record("t", 1, "Texas"))).isNotNull();
        }
    }

    @Test
    void shouldNameThePredicateWhoseConfigurationConnectRejects() {
        TransformConfig route = new TransformConfig(
                "sources[0].transforms[0]",
                "RegexRouter",
                Map.of("regex", "(.*)", "replacement", "x.$1"),
                Optional.of(predicate("IsOrders", "TopicNameMatches", Map.of())),
                false);

        assertThatThrownBy(() -> TransformChain.of(List.of(route)))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.problem()).isEqualTo(TransformException.Problem.PREDICATE_PROPERTIES);
                    assertThat(e.transform()).isSameAs(route);
                })
                .hasMessageContaining("Cannot configure predicate sources[0].predicates[IsOrders] (TopicNameMatches)"
                        + " of transform sources[0].transforms[0]")
                .hasMessageContaining("pattern");
    }

    @Test
    void shouldRefuseAPredicateClassThatIsNotAnApacheKafkaPredicate() {
        assertThatThrownBy(() -> TransformChain.of(List.of(new TransformConfig(
                        "sources[0].transforms[0]",
                        "Filter",
                        Map.of(),
                        Optional.of(predicate("p", "com.example.Always", Map.of())),
                        false))))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("Invalid value 'com.example.Always'"
                        + " for sources[0].predicates[p].type: must be one of Apache Kafka's predicates: HasHeaderKey,"
                        + " RecordIsTombstone, TopicNameMatches");
    }

    @Test
    void shouldSayWhatToUseInsteadOfTransformsThatAreNotApacheKafkas() {
        assertThatThrownBy(() -> TransformChain.of(
                        List.of(transform("unwrap", "io.debezium.transforms.ExtractNewRecordState", Map.of()))))
                .isInstanceOfSatisfying(
                        TransformException.class,
                        e -> assertThat(e.reason())
                                .startsWith("Tributary runs Apache Kafka's transforms only: Cast$Key")
                                .contains(
                                        "instead of io.debezium.transforms.ExtractNewRecordState, use nothing: Debezium's"
                                                + " change events are unwrapped where Debezium produces them"));
    }

    private static PredicateConfig predicate(String name, String type, Map<String, String> properties) {
        return new PredicateConfig("sources[0].predicates[" + name + "]", name, type, properties);
    }

    private static TransformConfig transform(String name, String type, Map<String, String> properties) {
        return new TransformConfig("sources[0].transforms[" + name + "]", type, properties);
    }

    private static SourceRecord record(String topic, int id, String district) {
        Struct value = new Struct(ADDRESS).put("address_id", id).put("district", district);
        return new SourceRecord(Map.of(), Map.of(), topic, null, null, null, ADDRESS, value);
    }
}
