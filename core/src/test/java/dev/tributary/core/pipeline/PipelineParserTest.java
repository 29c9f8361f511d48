package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DatabaseConfig.InFlightGuard;
import dev.tributary.core.pipeline.KafkaConfig.KafkaAuth;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineParserTest {

    private static final String SEED = """
            database:
              jdbc-url: jdbc:postgresql://localhost:5432/pagila
              username: tributary
              password: s3cret
              ssl-mode: disable
            kafka:
              bootstrap-servers: ${env:BOOTSTRAP}
              auth: none
            state:
              table: ${env:STATE_TABLE:-tributary-state}
            sources:
              - name: pagila.public.
                tables: [public.address, public.city, public.country]
                topic-prefix: pagila.public.
                mode: timestamp
                timestamp-columns: last_update
              - name: pagila.query
                query: |
                  SELECT a.address_id, a.address, city.city, country.country, a.last_update
                  FROM address a JOIN city USING (city_id) JOIN country USING (country_id)
                topic: pagila.query
                mode: timestamp+incrementing
                timestamp-columns: [last_update]
                incrementing-column: address_id
                poll-interval: 2s
                transforms:
                  - type: ValueToKey
                    fields: address_id
                  - type: org.apache.kafka.connect.transforms.ExtractField$Key
                    field: address_id
            """;

    @Test
    void shouldReadTheSeedPipelineWithDefaultsAndEnvironmentReferences() {
        PipelineConfig pipeline = PipelineParser.parse(SEED, "seed.yaml", Map.of("BOOTSTRAP", "127.0.0.1:9092"));

        assertThat(pipeline.kafka().bootstrapServers()).containsExactly("127.0.0.1:9092");
        assertThat(pipeline.kafka().auth()).isEqualTo(KafkaAuth.NONE);
        assertThat(pipeline.state().table()).isEqualTo("tributary-state");
        assertThat(pipeline.database().timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(pipeline.database().inFlightGuard()).isEqualTo(InFlightGuard.WRITERS);
        assertThat(pipeline.database().password().orElseThrow().reveal()).isEqualTo("s3cret");
        SourceConfig tables = pipeline.source("pagila.public.").orElseThrow();
        assertThat(tables.isQuery()).isFalse();
        assertThat(tables.tables()).containsExactly("public.address", "public.city", "public.country");
        assertThat(tables.timestampColumns()).containsExactly("last_update");
        assertThat(tables.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tables.batchMaxRows()).isEqualTo(10_000);
        SourceConfig query = pipeline.source("pagila.query").orElseThrow();
        assertThat(query.mode()).isEqualTo(CaptureMode.TIMESTAMP_INCREMENTING);
        assertThat(query.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(query.transforms())
                .extracting(TransformConfig::type)
                .containsExactly("ValueToKey", "org.apache.kafka.connect.transforms.ExtractField$Key");
        assertThat(query.transforms().get(0).properties()).containsEntry("fields", "address_id");
    }

    @Test
    void shouldNameTheKeyValueAndRuleOfAnUnknownMode() {
        String bad = SEED.replace("mode: timestamp\n", "mode: incremental\n");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot load pipeline seed.yaml: Invalid value 'incremental' for sources[0].mode: must be"
                        + " one of bulk, incrementing, timestamp, timestamp+incrementing");
    }

    @Test
    void shouldRefuseDeleteCaptureThatTheModeCannotServe() {
        String soft = SEED.replace("mode: timestamp\n", "mode: incrementing\n")
                .replace("timestamp-columns: last_update\n", "deletes: {capture: soft, soft-column: deleted_at}\n");
        String bulkLog = SEED.replace("mode: timestamp\n", "mode: bulk\n")
                .replace("timestamp-columns: last_update\n", "deletes: {capture: log}\n");
        String queryLog = SEED.replace("poll-interval: 2s", "poll-interval: 2s\n    deletes: {capture: log}");

        assertThatThrownBy(() -> PipelineParser.parse(soft, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Invalid value 'soft' for sources[0].deletes.capture")
                .hasMessageContaining("mode incrementing reads each row once");
        assertThatThrownBy(() -> PipelineParser.parse(bulkLog, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Invalid value 'log' for sources[0].deletes.capture")
                .hasMessageContaining("is not needed in mode bulk");
        assertThatThrownBy(() -> PipelineParser.parse(queryLog, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Missing setting sources[1].deletes.table");
    }

    @Test
    void shouldSuggestTheSettingAMisspeltKeyMeant() {
        String bad = SEED.replace("poll-interval: 2s", "pol-interval: 2s");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting sources[1].pol-interval (did you mean poll-interval?)");
    }

    @Test
    void shouldRefuseASourceWithBothTablesAndQuery() {
        String bad = SEED.replace("    topic: pagila.query\n", "    topic: pagila.query\n    tables: [address]\n");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources[1] ('pagila.query'): set either sources[1].tables or sources[1].query,"
                        + " but both are set");
    }

    @Test
    void shouldRequireTimestampColumnsInTimestampMode() {
        String bad = SEED.replace("    timestamp-columns: last_update\n", "");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing setting sources[0].timestamp-columns: mode timestamp needs");
    }

    @Test
    void shouldSayWhichEnvironmentVariableIsMissing() {
        assertThatThrownBy(() -> PipelineParser.parse(SEED, "seed.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot resolve ${env:BOOTSTRAP} in kafka.bootstrap-servers because environment"
                        + " variable BOOTSTRAP is not set");
    }

    @Test
    void shouldNeverEchoASecretValue() {
        String bad = SEED.replace("password: s3cret", "password: [s3cret, again]");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.password")
                .hasMessageNotContaining("s3cret");
        assertThat(PipelineParser.parse(SEED, "seed.yaml", Map.of("BOOTSTRAP", "b:9092"))
                        .database()
                        .toString())
                .doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseProducerPropertiesThatWeakenDelivery() {
        String bad = SEED.replace("  auth: none\n", "  auth: none\n  producer:\n    acks: 1\n");

        assertThatThrownBy(() -> PipelineParser.parse(bad, "seed.yaml", Map.of("BOOTSTRAP", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value '1' for kafka.producer.acks");
    }

    @Test
    void shouldRefuseDuplicateSourceNamesAndDurationsWithoutUnits() {
        String duplicate = SEED.replace("name: pagila.query", "name: pagila.public.");
        String unitless = SEED.replace("poll-interval: 2s", "poll-interval: 2000");

        assertThatThrownBy(() -> PipelineParser.parse(duplicate, "p", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Invalid value 'pagila.public.' for sources[1].name: must be unique");
        assertThatThrownBy(() -> PipelineParser.parse(unitless, "p", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining(
                        "Invalid value '2000' for sources[1].poll-interval: must be a duration with a" + " unit");
    }

    @Test
    void shouldGiveEachTransformThePredicateItNames() {
        String withPredicate = SEED.replace("        field: address_id\n", """
                        field: address_id
                        predicate: HasId
                        negate: true
                    predicates:
                      - alias: HasId
                        type: HasHeaderKey
                        name: id
                """);

        SourceConfig query = PipelineParser.parse(withPredicate, "p", Map.of("BOOTSTRAP", "b:9092"))
                .source("pagila.query")
                .orElseThrow();

        TransformConfig extract = query.transforms().get(1);
        assertThat(extract.predicate()).map(PredicateConfig::alias).contains("HasId");
        assertThat(extract.predicate().orElseThrow().properties())
                .as("HasHeaderKey's own name property")
                .containsExactly(Map.entry("name", "id"));
        assertThat(extract.negate()).isTrue();
        assertThat(extract.properties()).containsOnlyKeys("field");
        assertThat(query.transforms().get(0).predicate()).isEmpty();
    }

    @Test
    void shouldRefuseAPredicateNoTransformNamesAndATransformNamingNone() {
        String predicates = """
                predicates:
                  - alias: IsOrders
                    type: TopicNameMatches
                    pattern: orders
                """;
        String unused = SEED + predicates.indent(4);
        String unknown = SEED.replace("    field: address_id\n", "    field: address_id\n        predicate: Nope\n")
                + predicates.indent(4);
        String negated = SEED.replace("    field: address_id\n", "    field: address_id\n        negate: false\n");

        assertThatThrownBy(() -> PipelineParser.parse(unused, "p", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Invalid value 'IsOrders' for sources[1].predicates[0].alias: is named by no"
                        + " transform's predicate");
        assertThatThrownBy(() -> PipelineParser.parse(unknown, "p", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("Invalid value 'Nope' for sources[1].transforms[1].predicate: must name one of"
                        + " the predicates of sources[1] (IsOrders)");
        assertThatThrownBy(() -> PipelineParser.parse(negated, "p", Map.of("BOOTSTRAP", "b:9092")))
                .hasMessageContaining("for sources[1].transforms[1].negate: is only used with"
                        + " sources[1].transforms[1].predicate");
    }

    @Test
    void shouldReportMalformedYamlWithItsLine() {
        assertThatThrownBy(() -> PipelineParser.parse("sources:\n  - name: [unclosed\n", "p", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot load pipeline p: the file is not valid YAML or JSON");
    }
}
