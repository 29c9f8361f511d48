package dev.tributary.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineDocuments;
import dev.tributary.core.pipeline.PipelineDocuments.Document;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.PredicateConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.core.pipeline.SourceConfig.RecordKey;
import dev.tributary.core.pipeline.TransformConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.core.transform.TransformChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kafka Connect connector configurations as pipelines: translation, merging, notices and refusals. */
class ConnectorTranslationTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "TRIBUTARY_BOOTSTRAP_SERVERS",
            "broker-1:9098",
            "TRIBUTARY_STATE_TABLE",
            "state",
            "PAGILA_PASSWORD",
            "s3cret");

    static final String SOURCE_PUBLIC = """
            {"name": "pagila.public.", "config": {
              "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
              "connection.url": "jdbc:postgresql://db.example.com:5432/pagila",
              "connection.user": "postgres", "connection.password": "${env:PAGILA_PASSWORD}",
              "mode": "timestamp", "timestamp.column.name": "last_update", "catalog.pattern": "public",
              "table.whitelist": "address,city,country", "topic.prefix": "pagila.public.", "poll.interval.ms": 5000,
              "tasks.max": "1"}}
            """;
    static final String SOURCE_QUERY = """
            {"name": "pagila.query", "config": {
              "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
              "connection.url": "jdbc:postgresql://db.example.com:5432/pagila",
              "connection.user": "postgres", "connection.password": "${env:PAGILA_PASSWORD}",
              "mode": "timestamp", "timestamp.column.name": "last_update", "incrementing.column.name": "address_id",
              "query": "SELECT * FROM (SELECT a.address_id, a.last_update FROM address AS a) AS addresses",
              "topic.prefix": "pagila.query", "transforms": "createKey,extractInt",
              "transforms.createKey.type": "org.apache.kafka.connect.transforms.ValueToKey",
              "transforms.createKey.fields": "address_id",
              "transforms.extractInt.type": "org.apache.kafka.connect.transforms.ExtractField$Key",
              "transforms.extractInt.field": "address_id"}}
            """;
    static final String SINK_QUERY = """
            {"name": "s3-sink-query", "connector.class": "io.confluent.connect.s3.S3SinkConnector",
              "topics": "pagila.query", "table.name.format": "${topic}", "s3.bucket.name": "pagila-lake",
              "s3.region": "eu-west-1", "flush.size": "100", "rotate.schedule.interval.ms": "60000",
              "timezone": "UTC", "format.class": "io.confluent.connect.s3.format.parquet.ParquetFormat",
              "parquet.codec": "gzip",
              "partitioner.class": "io.confluent.connect.storage.partitioner.FieldPartitioner",
              "partition.field.name": "country", "schema.compatibility": "NONE", "tasks.max": "1",
              "s3.part.size": "5242880", "storage.class": "io.confluent.connect.s3.storage.S3Storage",
              "transforms": "RenameField",
              "transforms.RenameField.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
              "transforms.RenameField.renames": "district:state_province"}
            """;

    @Test
    void shouldCaptureTheSameTablesAndTopicsAsTheJdbcSourceWithoutRecordKeys() {
        PipelineConfig pipeline = load(doc("public.json", SOURCE_PUBLIC), doc("query.json", SOURCE_QUERY));

        SourceConfig tables = pipeline.source("pagila.public.").orElseThrow();
        // Quoted: Kafka Connect compares table.whitelist's names exactly.
        assertThat(tables.tables()).containsExactly("*.\"address\"", "*.\"city\"", "*.\"country\"");
        assertThat(tables.topicPrefix()).isEqualTo("pagila.public.");
        assertThat(tables.mode()).isEqualTo(CaptureMode.TIMESTAMP);
        assertThat(tables.recordKey())
                .as("Kafka Connect's JDBC source writes no key")
                .isEqualTo(RecordKey.NONE);
        assertThat(tables.pollInterval()).hasMillis(5000);
        SourceConfig query = pipeline.source("pagila.query").orElseThrow();
        assertThat(query.topic()).contains("pagila.query");
        assertThat(query.mode()).isEqualTo(CaptureMode.TIMESTAMP);
        assertThat(query.keyColumns()).as("the incrementing column orders ties").containsExactly("address_id");
        assertThat(query.recordKey()).isEqualTo(RecordKey.NONE);
        assertThat(query.typeMapping()).isEqualTo(SourceConfig.TypeMapping.KAFKA_CONNECT);
        assertThat(tables.tableTypes()).as("Kafka Connect's table.types TABLE").containsExactly("table");
        assertThat(query.transforms())
                .extracting(TransformConfig::type)
                .containsExactly(
                        "org.apache.kafka.connect.transforms.ValueToKey",
                        "org.apache.kafka.connect.transforms.ExtractField$Key");
        assertThat(query.transforms().get(0).properties()).containsEntry("fields", "address_id");
        assertThat(pipeline.database().jdbcUrl()).contains("jdbc:postgresql://db.example.com:5432/pagila");
        assertThat(pipeline.database().username()).contains("postgres");
        assertThat(pipeline.database().password().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(pipeline.kafka().bootstrapServers()).containsExactly("broker-1:9098");
        assertThat(pipeline.state().table()).isEqualTo("state");
    }

    @Test
    void shouldWriteTheSameObjectsAsTheS3SinkWithPartitionFieldsKeptAndNoMetadataColumns() {
        SinkConfig sink = load(doc("sink.json", SINK_QUERY)).sinks().get(0);

        assertThat(sink.name()).isEqualTo("s3-sink-query");
        assertThat(sink.topics()).containsExactly("pagila.query");
        assertThat(sink.bucket()).isEqualTo("pagila-lake");
        assertThat(sink.topicsDir()).isEqualTo("topics");
        assertThat(sink.format()).isEqualTo(SinkConfig.Format.PARQUET);
        assertThat(sink.compression()).isEqualTo(SinkConfig.Compression.GZIP);
        assertThat(sink.partitioner()).isEqualTo(SinkConfig.PartitionerKind.FIELD);
        assertThat(sink.partitionFields()).containsExactly("country");
        assertThat(sink.keepPartitionFields()).isTrue();
        assertThat(sink.metadataColumns()).isFalse();
        assertThat(sink.nullValues()).as("Kafka Connect's default").isEqualTo(SinkConfig.NullValues.FAIL);
        assertThat(sink.tableName()).isEqualTo("${topic}");
        assertThat(sink.transforms())
                .extracting(TransformConfig::type)
                .containsExactly("org.apache.kafka.connect.transforms.ReplaceField$Value");
    }

    @Test
    void shouldMapTheTimeBasedPartitionersAndTheirTimestampExtractors() {
        String base = """
                {"name": "%s", "connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "t",
                 "s3.bucket.name": "lake-bucket", "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
                 "partitioner.class": "io.confluent.connect.storage.partitioner.%s", "locale": "en_US",
                 "timezone": "Europe/Paris" %s}
                """;
        List<SinkConfig> sinks = load(
                        doc("a.json", base.formatted("daily", "DailyPartitioner", "")),
                        doc(
                                "b.json",
                                base.formatted("hourly", "HourlyPartitioner", ", \"timestamp.extractor\": \"Record\"")),
                        doc(
                                "c.json",
                                base.formatted(
                                        "timed",
                                        "TimeBasedPartitioner",
                                        ", \"path.format\": \"'dt'=YYYY-MM-dd\","
                                                + " \"partition.duration.ms\": 86400000, \"timestamp.extractor\": \"RecordField\","
                                                + " \"timestamp.field\": \"last_update\"")))
                .sinks();

        assertThat(sinks.get(0).pathFormat()).contains("'year'=YYYY/'month'=MM/'day'=dd");
        assertThat(sinks.get(0).timestampSource())
                .as("Kafka Connect's default extractor")
                .isEqualTo(SinkConfig.TimestampSource.WALLCLOCK);
        assertThat(sinks.get(0).timezone()).hasToString("Europe/Paris");
        assertThat(sinks.get(0).locale().toLanguageTag()).isEqualTo("en-US");
        assertThat(sinks.get(0).jsonStyle()).isEqualTo(SinkConfig.JsonStyle.KAFKA_CONNECT);
        assertThat(sinks.get(0).jsonDecimalFormat()).isEqualTo(SinkConfig.JsonDecimalFormat.BASE64);
        assertThat(sinks.get(1).pathFormat()).contains("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
        assertThat(sinks.get(1).timestampSource()).isEqualTo(SinkConfig.TimestampSource.RECORD);
        assertThat(sinks.get(2).partitionDuration()).hasDays(1);
        assertThat(sinks.get(2).timestampField()).contains("last_update");
    }

    @Test
    void shouldQualifyTableNamesWithTheSchemaPatternAndReadTheNewerListsAsRegularExpressions() {
        String connector = """
                {"connector.class": "JdbcSourceConnector", "name": "%s",
                 "connection.url": "jdbc:postgresql://db:5432/app?ssl=true", "mode": "incrementing",
                 "schema.pattern": "sales", %s, "topic.prefix": "app.", "timestamp.initial": -1,
                 "numeric.precision.mapping": "true", "table.types": "TABLE,VIEW"}
                """;
        PipelineConfig pipeline = load(
                doc(
                        "a.json",
                        connector.formatted(
                                "names",
                                "\"table.whitelist\": \"orders,public.customers\","
                                        + " \"table.blacklist\": \"orders_archive\"")),
                doc(
                        "b.json",
                        connector.formatted(
                                "regexes",
                                "\"table.include.list\": \"sales\\\\.order.*\","
                                        + " \"table.exclude.list\": \".*_archive\"")));

        SourceConfig names = pipeline.source("names").orElseThrow();
        assertThat(names.tables()).containsExactly("sales.\"orders\"", "\"public\".\"customers\"");
        assertThat(names.excludeTables()).containsExactly("sales.\"orders_archive\"");
        assertThat(names.numericMapping()).isEqualTo(SourceConfig.NumericMapping.PRECISION_ONLY);
        assertThat(names.tableTypes()).containsExactly("table", "view");
        SourceConfig regexes = pipeline.source("regexes").orElseThrow();
        assertThat(regexes.tables()).containsExactly("~sales\\.order.*");
        assertThat(regexes.excludeTables()).containsExactly("~.*_archive");
        assertThat(pipeline.database().sslMode())
                .as("the driver's ssl=true verifies the server")
                .isEqualTo(DatabaseConfig.SslMode.VERIFY_FULL);
    }

    @Test
    void shouldMoveCredentialsWrittenIntoTheUrlOutOfIt() {
        PipelineConfig pipeline = load(doc("s.json", """
                {"name": "users", "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                 "connection.url": "jdbc:postgresql://db:5432/test?user=postgres&password=s%40cret&sslmode=require",
                 "mode": "incrementing", "incrementing.column.name": "id", "table.whitelist": "users",
                 "topic.prefix": "test-postgres-jdbc-"}
                """));

        assertThat(pipeline.database().jdbcUrl()).contains("jdbc:postgresql://db:5432/test?sslmode=require");
        assertThat(pipeline.database().username()).contains("postgres");
        assertThat(pipeline.database().password().orElseThrow().reveal()).isEqualTo("s@cret");
        assertThat(pipeline.database().sslMode()).isEqualTo(DatabaseConfig.SslMode.REQUIRE);
    }

    @Test
    void shouldTakeTimestampExtractorsByClassAndKeepEmptyTransformValues() {
        SinkConfig sink = load(doc("s.json", """
                {"name": "s", "connector.class": "S3SinkConnector", "topics": "t", "s3.bucket.name": "lake-bucket",
                 "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
                 "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
                 "path.format": "'dt'=YYYY-MM-dd", "partition.duration.ms": "3600000",
                 "timestamp.extractor": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordFieldTimestampExtractor",
                 "timestamp.field": "changed", "transforms": "strip",
                 "transforms.strip.type": "org.apache.kafka.connect.transforms.RegexRouter",
                 "transforms.strip.regex": "prefix-(.*)", "transforms.strip.replacement": ""}
                """)).sinks().get(0);

        assertThat(sink.timestampSource()).isEqualTo(SinkConfig.TimestampSource.RECORD_FIELD);
        assertThat(sink.timestampField()).contains("changed");
        assertThat(sink.transforms().get(0).properties()).containsEntry("replacement", "");
    }

    @Test
    void shouldNameTheConnectorPropertyWhenItsValueIsOutOfRangeAndMaskPasswordsInUrls() {
        assertThatThrownBy(() -> load(
                        doc("s.json", SOURCE_PUBLIC.replace("\"poll.interval.ms\": 5000", "\"poll.interval.ms\": 10"))))
                .hasMessageContaining("property poll.interval.ms = '10' is below 100");
        assertThatThrownBy(() -> load(doc(
                        "s.json",
                        SOURCE_PUBLIC.replace(
                                "jdbc:postgresql://db.example.com:5432/pagila",
                                "jdbc:mysql://db:3306/pagila?user=u&password=hunter2"))))
                .hasMessageContaining("password=****")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load(doc(
                        "k.json",
                        withProperties(
                                SINK_QUERY, "\"s3.sse.kms.key.id\": \"arn:aws:kms:eu-west-1:123456789012:key/k\""))))
                .hasMessageContaining("property s3.sse.kms.key.id")
                .hasMessageContaining("bucket's default encryption");
    }

    @Test
    void shouldReportEachPropertyAcceptedWithoutEffectOnceByName() {
        PipelineDocuments.Merged merged = PipelineDocuments.merge(
                List.of(doc("sink.json", SINK_QUERY), doc("public.json", SOURCE_PUBLIC)), ENVIRONMENT);

        for (String property : List.of(
                "tasks.max", "s3.part.size", "storage.class", "schema.compatibility", "s3.region", "timezone")) {
            assertThat(merged.notices())
                    .as(property)
                    .filteredOn(n -> n.startsWith("Ignoring property " + property + " of connector 's3-sink-query'"))
                    .hasSize(1);
        }
        assertThat(merged.notices())
                .filteredOn(n -> n.contains("catalog.pattern"))
                .singleElement()
                .asString()
                .contains("connector 'pagila.public.'")
                .contains("PostgreSQL's driver ignores the catalog");
        assertThat(merged.notices()).noneMatch(n -> n.contains("s3cret"));
        // Object sizes and rotation: the template parameters that stand in for them, with their values.
        assertThat(merged.notices())
                .filteredOn(n -> n.contains("flush.size"))
                .singleElement()
                .asString()
                .contains("SinkBatchSize=");
        assertThat(merged.notices())
                .filteredOn(n -> n.contains("rotate.schedule.interval.ms"))
                .singleElement()
                .asString()
                .contains("SinkBatchingWindowSeconds=");
    }

    @Test
    void shouldKeepThePropertiesInTheFileOrderSoThatConvertingTwiceGivesTheSameText() throws IOException {
        JsonNode document = new ObjectMapper().readTree(SINK_QUERY);
        List<String> written = new ArrayList<>();
        document.fieldNames().forEachRemaining(written::add);

        ConnectorConfig connector =
                ConnectorConfig.of(document, "sink", "sink.json").get(0);

        assertThat(connector.properties().keySet()).containsExactlyElementsOf(written);
    }

    @Test
    void shouldApplyTransformsUnderTheirPredicatesAsKafkaConnectDoes() {
        String connector = SOURCE_PUBLIC.replace("\"tasks.max\": \"1\"", """
                "tasks.max": "1", "transforms": "Route,KeepTagged",
                "transforms.Route.type": "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.Route.regex": "pagila.public.(.*)", "transforms.Route.replacement": "shop.$1",
                "transforms.Route.predicate": "IsAddress",
                "transforms.KeepTagged.type": "org.apache.kafka.connect.transforms.Filter",
                "transforms.KeepTagged.predicate": "Tagged", "transforms.KeepTagged.negate": "true",
                "predicates": "IsAddress,Tagged,Unused",
                "predicates.IsAddress.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "predicates.IsAddress.pattern": "pagila\\\\.public\\\\.address",
                "predicates.Tagged.type": "HasHeaderKey", "predicates.Tagged.name": "keep",
                "predicates.Unused.type": "RecordIsTombstone", "predicates.Other.type": "RecordIsTombstone"
                """);
        PipelineDocuments.Merged merged = PipelineDocuments.merge(List.of(doc("public.json", connector)), ENVIRONMENT);
        SourceConfig source = PipelineParser.parseTree(merged.tree(), "test", ENVIRONMENT)
                .sources()
                .get(0);

        assertThat(source.transforms())
                .extracting(t -> t.predicate().map(PredicateConfig::alias).orElseThrow())
                .containsExactly("IsAddress", "Tagged");
        assertThat(source.transforms().get(1).negate()).isTrue();
        try (TransformChain<SourceRecord> chain = TransformChain.of(source.transforms())) {
            SourceRecord address = record("pagila.public.address");
            address.headers().addString("keep", "yes");
            SourceRecord city = record("pagila.public.city");
            city.headers().addString("keep", "yes");

            assertThat(chain.apply(address).topic()).isEqualTo("shop.address");
            assertThat(chain.apply(city).topic()).isEqualTo("pagila.public.city");
            assertThat(chain.apply(record("pagila.public.city")))
                    .as("not tagged: filtered out")
                    .isNull();
        }
        assertThat(merged.notices())
                .anyMatch(
                        n -> n.startsWith("Ignoring property predicates.Unused.type of" + " connector 'pagila.public.'")
                                && n.endsWith("predicate Unused is named by no transform's predicate"));
        assertThat(merged.notices()).anyMatch(n -> n.startsWith("Ignoring property predicates.Other.type"));
    }

    @Test
    void shouldRefuseATransformThatIsNotApacheKafkasNamingTheConnectorPropertyWhenConvertingAndStarting(
            @TempDir Path directory) throws IOException {
        String confluentFilter = SOURCE_PUBLIC.replace("\"tasks.max\": \"1\"", """
                "tasks.max": "1", "transforms": "filterByGender",
                "transforms.filterByGender.type": "io.confluent.connect.transforms.Filter$Value",
                "transforms.filterByGender.filter.condition": "$[?(@.gender == 'Female')]"
                """);
        Files.writeString(directory.resolve("public.json"), confluentFilter);
        String expected = "Cannot run connector 'pagila.public.' (" + directory.resolve("public.json") + "): property"
                + " transforms.filterByGender.type = 'io.confluent.connect.transforms.Filter$Value' is not supported"
                + " because Tributary runs Apache Kafka's transforms only: Cast$Key";

        assertThatThrownBy(() -> ConvertConnectors.convert(directory.toString(), Map.of()))
                .hasMessageContaining(expected)
                .hasMessageContaining("instead of io.confluent.connect.transforms.Filter$Value, use Filter with a"
                        + " predicate, or a WHERE in a source's query")
                .hasMessageNotContaining("sources[0]");
        assertThatThrownBy(() -> PipelineLoader.load(directory.toString(), noS3(), ENVIRONMENT))
                .hasMessageContaining(expected);
    }

    @Test
    void shouldRefuseAPredicateKafkaConnectWouldRefuseNamingItsProperty() {
        String connector = SINK_QUERY.replace("\"transforms.RenameField.renames\": \"district:state_province\"", """
                "transforms.RenameField.renames": "district:state_province",
                "transforms.RenameField.predicate": "IsQuery", "predicates": "IsQuery",
                "predicates.IsQuery.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"
                """);

        assertThatThrownBy(() -> load(doc("sink.json", connector)))
                .hasMessageContaining("Cannot run connector 's3-sink-query' (sink.json): property"
                        + " predicates.IsQuery.type = 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches' refuses its properties"
                        + " predicates.IsQuery.*: ")
                .hasMessageContaining("pattern");
    }

    static Stream<Arguments> registryConverters() {
        return Stream.of(
                Arguments.of("io.confluent.connect.avro.AvroConverter", "its bytes need a schema registry"),
                Arguments.of("io.confluent.connect.protobuf.ProtobufConverter", "its bytes need a schema registry"),
                Arguments.of("io.confluent.connect.json.JsonSchemaConverter", "its bytes need a schema registry"),
                Arguments.of("com.example.CsvConverter", "is not supported because the sink reads values as JSON"));
    }

    @ParameterizedTest
    @MethodSource("registryConverters")
    void shouldRefuseASinkWhoseTopicsHoldRecordsItCannotRead(String converter, String why) {
        String sink = withProperties(
                SINK_QUERY,
                "\"value.converter\": \"" + converter
                        + "\", \"value.converter.schema.registry.url\": \"http://registry:8081\"");

        assertThatThrownBy(() -> load(doc("sink.json", sink)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot run connector 's3-sink-query' (sink.json): property value.converter = '"
                        + converter + "' is not supported because")
                .hasMessageContaining(why)
                .hasMessageContaining("every record of the topic would go to the dead-letter prefix");
    }

    @Test
    void shouldReadJsonWithOrWithoutSchemasOnASinkAndMindTheKeyConverterOnlyWhenATransformReadsKeys() {
        String json = SINK_QUERY.replace("\"tasks.max\": \"1\"", """
                "tasks.max": "1", "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable": "false", "key.converter": "io.confluent.connect.avro.AvroConverter",
                "key.converter.schema.registry.url": "http://registry:8081"
                """);
        String readsKeys = json.replace(
                "\"transforms\": \"RenameField\"",
                "\"transforms\": \"RenameField,key\","
                        + " \"transforms.key.type\": \"org.apache.kafka.connect.transforms.ExtractField$Key\","
                        + " \"transforms.key.field\": \"id\"");
        String strings =
                withProperties(SINK_QUERY, "\"value.converter\": \"org.apache.kafka.connect.storage.StringConverter\"");

        PipelineDocuments.Merged merged = PipelineDocuments.merge(List.of(doc("sink.json", json)), ENVIRONMENT);
        PipelineParser.parseTree(merged.tree(), "test", ENVIRONMENT);
        assertThat(merged.notices())
                .anyMatch(n -> n.contains("key.converter io.confluent.connect.avro.AvroConverter"
                        + " is not read: the objects hold the record values alone, and no transform reads the keys"));
        assertThat(merged.notices()).anyMatch(n -> n.startsWith("Ignoring property value.converter.schemas.enable"));
        assertThatThrownBy(() -> load(doc("sink.json", readsKeys)))
                .hasMessageContaining("property key.converter = 'io.confluent.connect.avro.AvroConverter' is not"
                        + " supported because a transform reads the record keys");
        assertThat(PipelineDocuments.merge(List.of(doc("sink.json", strings)), ENVIRONMENT)
                        .notices())
                .anyMatch(n -> n.contains("value.converter StringConverter is read as JSON"));
    }

    @Test
    void shouldWriteTheKeysAndValuesTheSourceConvertersSay() {
        String converters = "\"value.converter\": \"org.apache.kafka.connect.json.JsonConverter\","
                + " \"value.converter.schemas.enable\": \"false\", \"key.converter\": ";

        SourceConfig plain = source(converters
                + "\"org.apache.kafka.connect.json.JsonConverter\", \"key.converter.schemas.enable\": false");
        SourceConfig strings = source(converters + "\"org.apache.kafka.connect.storage.StringConverter\"");
        SourceConfig integers = source(converters + "\"org.apache.kafka.connect.converters.IntegerConverter\"");
        SourceConfig longs = source(converters + "\"org.apache.kafka.connect.converters.LongConverter\"");
        SourceConfig worker = load(doc("s.json", SOURCE_PUBLIC)).sources().get(0);

        assertThat(plain.valueFormat()).isEqualTo(SourceConfig.ValueFormat.JSON);
        assertThat(plain.keyFormat()).isEqualTo(SourceConfig.KeyFormat.JSON);
        assertThat(strings.keyFormat()).isEqualTo(SourceConfig.KeyFormat.STRING);
        assertThat(integers.keyFormat()).isEqualTo(SourceConfig.KeyFormat.INTEGER);
        assertThat(longs.keyFormat()).isEqualTo(SourceConfig.KeyFormat.LONG);
        assertThat(worker.keyFormat())
                .as("the worker's JsonConverter, with schemas")
                .isEqualTo(SourceConfig.KeyFormat.JSON_WITH_SCHEMA);
        assertThat(worker.valueFormat()).isEqualTo(SourceConfig.ValueFormat.JSON_WITH_SCHEMA);
    }

    @Test
    void shouldRefuseSourceConvertersWhoseBytesTributaryCannotWrite() {
        assertThatThrownBy(() -> source("\"value.converter\": \"io.confluent.connect.avro.AvroConverter\""))
                .hasMessageContaining("Cannot run connector 'pagila.public.' (s.json): property value.converter ="
                        + " 'io.confluent.connect.avro.AvroConverter' is not supported because its bytes need a schema"
                        + " registry, which Tributary does not have: Tributary writes values as Kafka Connect's"
                        + " JsonConverter does, with or without schemas");
        assertThatThrownBy(() -> source("\"key.converter\": \"io.confluent.connect.protobuf.ProtobufConverter\""))
                .hasMessageContaining("property key.converter = 'io.confluent.connect.protobuf.ProtobufConverter' is"
                        + " not supported because its bytes need a schema registry");
        assertThatThrownBy(() -> source("\"value.converter\": \"org.apache.kafka.connect.storage.StringConverter\""))
                .hasMessageContaining("a value is a row (a struct), which StringConverter does not write as data");
        assertThatThrownBy(() -> source("\"value.converter.decimal.format\": \"NUMERIC\""))
                .hasMessageContaining("property value.converter.decimal.format = 'NUMERIC' is not supported");
    }

    @Test
    void shouldNameTheConnectorPropertyOfAValueThePipelineRulesRefuse(@TempDir Path directory) throws IOException {
        String placeholder = SINK_QUERY
                .replace("\"name\": \"s3-sink-query\"", "\"name\": \"playground\"")
                .replace("\"s3.bucket.name\": \"pagila-lake\"", "\"s3.bucket.name\": \"$AWS_BUCKET_NAME\"");
        String zone = withProperties(SOURCE_PUBLIC, "\"db.timezone\": \"Mars/Olympus\"");

        assertThatThrownBy(() -> load(doc("a.json", SINK_QUERY), doc("b.json", placeholder)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot run connector 'playground' (b.json): property s3.bucket.name ="
                        + " '$AWS_BUCKET_NAME' holds $AWS_BUCKET_NAME, a shell placeholder nothing filled in: Kafka"
                        + " Connect would use it as written. Write ${env:AWS_BUCKET_NAME} to read the environment"
                        + " variable AWS_BUCKET_NAME (Kafka Connect's EnvVarConfigProvider syntax), or fill in the"
                        + " value");
        assertThatThrownBy(() -> load(doc("public.json", zone)))
                .hasMessageContaining("Cannot run connector 'pagila.public.' (public.json): property db.timezone ="
                        + " 'Mars/Olympus' is not valid for database.timezone");
        Files.writeString(directory.resolve("b.json"), placeholder);
        assertThatThrownBy(() -> ConvertConnectors.convert(directory.toString(), Map.of()))
                .hasMessageContaining("Cannot run connector 'playground' (" + directory.resolve("b.json") + "):"
                        + " property s3.bucket.name = '$AWS_BUCKET_NAME' holds $AWS_BUCKET_NAME");
        String invalid =
                SINK_QUERY.replace("\"s3.bucket.name\": \"pagila-lake\"", "\"s3.bucket.name\": \"Pagila_Lake\"");
        assertThatThrownBy(() ->
                        load(doc("a.json", SINK_QUERY), doc("b.json", invalid.replace("s3-sink-query", "invalid"))))
                .hasMessage("Cannot load pipeline test: Cannot run connector 'invalid' (b.json): property"
                        + " s3.bucket.name = 'Pagila_Lake' is not valid for sinks[1].bucket: must be an S3 bucket"
                        + " name");
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(
                        Map.of("format.class", "io.confluent.connect.s3.format.avro.AvroFormat"),
                        "format.class",
                        "is not supported because Tributary writes Parquet (ParquetFormat) or JSON (JsonFormat)"
                                + " objects, not Avro container files: use"
                                + " io.confluent.connect.s3.format.parquet.ParquetFormat"),
                Arguments.of(
                        Map.of("format.class", "io.confluent.connect.s3.format.bytearray.ByteArrayFormat"),
                        "format.class",
                        "is not supported because Tributary writes Parquet (ParquetFormat) or JSON"),
                Arguments.of(Map.of("parquet.codec", "lz4"), "parquet.codec", "none, snappy, gzip or zstd"),
                Arguments.of(
                        Map.of("partitioner.class", "com.example.MyPartitioner"),
                        "partitioner.class",
                        "is not supported"),
                Arguments.of(Map.of("store.kafka.keys", "true"), "store.kafka.keys", "is not supported"),
                Arguments.of(Map.of("file.delim", "_"), "file.delim", "only + is"),
                Arguments.of(
                        Map.of("storage.class", "io.confluent.connect.hdfs.storage.HdfsStorage"),
                        "storage.class",
                        "Tributary writes to S3"),
                Arguments.of(
                        Map.of("transforms.RenameField.predicate", "isTombstone"),
                        "transforms.RenameField.predicate",
                        "names no predicate of the connector: predicates lists" + " none"),
                Arguments.of(
                        Map.of("transforms.RenameField.negate", "true"),
                        "transforms.RenameField.negate",
                        "is set but transforms.RenameField.predicate is not"),
                Arguments.of(
                        Map.of("transforms.RenameField.type", "io.confluent.connect.transforms.TombstoneHandler"),
                        "transforms.RenameField.type",
                        "is not supported because Tributary runs Apache Kafka's"
                                + " transforms only: Cast$Key, Cast$Value"),
                Arguments.of(
                        Map.of("transforms.RenameField.type", "org.apache.kafka.connect.transforms.Cast$Value"),
                        "transforms.RenameField.type",
                        "refuses its properties transforms.RenameField.*: Missing"
                                + " required configuration \"spec\""),
                Arguments.of(
                        Map.of("s3.bucket.name", "${file:/etc/secrets.properties:bucket}"),
                        "s3.bucket.name",
                        "config provider 'file'"));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void shouldRefuseAnUnsupportedSinkPropertyNamingItAndWhy(Map<String, String> change, String key, String why)
            throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(SINK_QUERY);
        change.forEach(json::put);

        assertThatThrownBy(() -> load(doc("sink.json", json.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot run connector 's3-sink-query' (sink.json): property " + key + " = '"
                        + change.get(key) + "'")
                .hasMessageContaining(why);
    }

    @Test
    void shouldRefuseSourcesThatCannotRunHere() {
        assertThatThrownBy(() -> load(doc("s.json", SOURCE_PUBLIC.replace("jdbc:postgresql:", "jdbc:mysql:"))))
                .hasMessageContaining("property connection.url = 'jdbc:mysql://db.example.com:5432/pagila' is not"
                        + " supported because Tributary captures PostgreSQL only");
        assertThatThrownBy(() -> load(doc(
                        "s.json",
                        SOURCE_PUBLIC.replace(
                                "\"mode\": \"timestamp\"",
                                "\"mode\": \"timestamp\", \"timestamp.granularity\": \"nanos_long\""))))
                .hasMessageContaining("property timestamp.granularity = 'nanos_long' is not supported");
        assertThatThrownBy(() -> load(
                        doc("s.json", SOURCE_PUBLIC.replace("\"mode\": \"timestamp\"", "\"mode\": \"changelog\""))))
                .hasMessageContaining("property mode = 'changelog' is not supported: it must be one of bulk");
        assertThatThrownBy(() -> load(doc("c.json", """
                {"name": "debezium", "connector.class": "io.debezium.connector.postgresql.PostgresConnector"}
                """)))
                .hasMessageContaining("its connector.class io.debezium.connector.postgresql.PostgresConnector is"
                        + " not one Tributary runs");
    }

    @Test
    void shouldRefuseAColumnQualifiedByATableOfTheQueryNamingTheResultColumnToUseInstead() {
        assertThatThrownBy(() -> load(doc(
                        "query.json",
                        SOURCE_QUERY.replace(
                                "\"timestamp.column.name\": \"last_update\"",
                                "\"timestamp.column.name\": \"a.last_update\""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot run connector 'pagila.query' (query.json): property timestamp.column.name"
                        + " = 'a.last_update' is not supported with query because Tributary reads the query as a"
                        + " subquery")
                .hasMessageContaining("name the result column instead (last_update, or the alias the query gives it");
        assertThatThrownBy(() -> load(doc(
                        "query.json",
                        SOURCE_QUERY.replace(
                                "\"incrementing.column.name\": \"address_id\"",
                                "\"incrementing.column.name\": \"a.address_id\""))))
                .hasMessageContaining("property incrementing.column.name = 'a.address_id' is not supported with query");
    }

    @Test
    void shouldNeverShowAPasswordInAnError() {
        String other = SOURCE_QUERY.replace("${env:PAGILA_PASSWORD}", "different-secret");

        assertThatThrownBy(() -> load(doc("public.json", SOURCE_PUBLIC), doc("query.json", other)))
                .hasMessageContaining("Cannot combine connector 'pagila.query' (query.json) with connector"
                        + " 'pagila.public.' (public.json) because they set database.password differently")
                .hasMessageNotContaining("different-secret")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldRefuseConnectorsOfTwoDatabasesInOnePipeline() {
        String other = SOURCE_QUERY.replace("db.example.com", "other.example.com");

        assertThatThrownBy(() -> load(doc("public.json", SOURCE_PUBLIC), doc("query.json", other)))
                .hasMessageContaining("because they set database.jdbc-url differently");
    }

    @Test
    void shouldTakeTheCredentialsFromTheSecretTheFunctionsAreGiven() {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("TRIBUTARY_DB_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pagila");
        PipelineDocuments.Merged merged =
                PipelineDocuments.merge(List.of(doc("public.json", SOURCE_PUBLIC)), environment);
        PipelineConfig pipeline = PipelineParser.parseTree(merged.tree(), "dir", environment);

        assertThat(pipeline.database().secretId()).contains(environment.get("TRIBUTARY_DB_SECRET_ID"));
        assertThat(pipeline.database().password()).isEmpty();
        assertThat(merged.notices()).anyMatch(n -> n.startsWith("Ignoring property connection.password"));
    }

    @Test
    void shouldLetANativeFileBesideTheConnectorsSetWhatTheWorkerHeld(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("00-worker.yaml"), """
                kafka:
                  bootstrap-servers: b-1.example.com:9098
                  auth: none
                state:
                  table: from-the-file
                """);
        Files.writeString(directory.resolve("public.json"), SOURCE_PUBLIC);
        Files.writeString(directory.resolve("sink.json"), SINK_QUERY);
        Files.writeString(directory.resolve("notes.txt"), "not a pipeline file");

        PipelineConfig pipeline = PipelineLoader.load(directory.toString(), noS3(), ENVIRONMENT);

        assertThat(pipeline.kafka().bootstrapServers()).containsExactly("b-1.example.com:9098");
        assertThat(pipeline.state().table()).isEqualTo("from-the-file");
        assertThat(pipeline.sources()).extracting(SourceConfig::name).containsExactly("pagila.public.");
        assertThat(pipeline.sinks()).extracting(SinkConfig::name).containsExactly("s3-sink-query");
    }

    @Test
    void shouldReadADirectoryOfConnectorsFromS3() {
        Map<String, String> objects = Map.of(
                "config/public.json",
                SOURCE_PUBLIC,
                "config/sink.json",
                SINK_QUERY,
                "config/README.md",
                "# not a pipeline file");
        PipelineLoader.S3Files s3 = new PipelineLoader.S3Files() {
            @Override
            public String read(S3Location object) {
                assertThat(object.bucket()).isEqualTo("config-bucket");
                return objects.get(object.key());
            }

            @Override
            public List<String> list(S3Location prefix) {
                return objects.keySet().stream()
                        .filter(k -> k.startsWith(prefix.key()))
                        .toList();
            }
        };

        PipelineConfig pipeline = PipelineLoader.load("s3://config-bucket/config/", s3, ENVIRONMENT);

        assertThat(pipeline.sources()).hasSize(1);
        assertThat(pipeline.sinks()).hasSize(1);
    }

    @Test
    void shouldConvertConnectorsToANativePipelineThatLoadsTheSame(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("public.json"), SOURCE_PUBLIC);
        Files.writeString(directory.resolve("query.json"), SOURCE_QUERY);
        Files.writeString(directory.resolve("sink.json"), SINK_QUERY);

        String yaml = ConvertConnectors.convert(directory.toString());
        PipelineConfig converted = PipelineParser.parse(yaml, "converted.yaml", ENVIRONMENT);
        PipelineConfig direct = PipelineLoader.load(directory.toString(), noS3(), ENVIRONMENT);

        assertThat(yaml)
                .contains("${env:PAGILA_PASSWORD}")
                .contains("${env:TRIBUTARY_BOOTSTRAP_SERVERS:-}")
                .contains("#   Ignoring property tasks.max of connector 's3-sink-query'");
        assertThat(converted).isEqualTo(direct);
    }

    @Test
    void shouldConvertWithTheFunctionsSecretInsteadOfCredentialsFromAFileProvider(@TempDir Path directory)
            throws IOException {
        Files.writeString(
                directory.resolve("public.json"),
                SOURCE_PUBLIC
                        .replace("\"postgres\"", "\"${file:/etc/kafka-connect/secrets.properties:user}\"")
                        .replace("${env:PAGILA_PASSWORD}", "${file:/etc/kafka-connect/secrets.properties:password}"));
        Map<String, String> environment = Map.of("TRIBUTARY_DB_SECRET_ID", "tributary/pagila");

        String yaml = ConvertConnectors.convert(directory.toString(), environment);

        assertThat(yaml)
                .doesNotContain("${file:")
                .doesNotContain("username:")
                .doesNotContain("password:")
                .contains("secret-id: \"${env:TRIBUTARY_DB_SECRET_ID:-}\"")
                .contains("#   Ignoring property connection.password of connector 'pagila.public.'");
        assertThatThrownBy(() -> ConvertConnectors.convert(directory.toString(), Map.of()))
                .hasMessageContaining("property connection.user = '${file:/etc/kafka-connect/secrets.properties:user}'"
                        + " uses the config provider 'file'");
    }

    @Test
    void shouldKeepTheConnectorsEnvironmentReferencesWhenConvertingSoNoSecretIsWrittenOut(@TempDir Path directory)
            throws IOException {
        Files.writeString(directory.resolve("public.json"), SOURCE_PUBLIC);

        String yaml = ConvertConnectors.convert(directory.toString(), ENVIRONMENT);

        assertThat(yaml)
                .contains("password: \"${env:PAGILA_PASSWORD}\"")
                .doesNotContain("s3cret")
                .as("a reference is not a password in clear text")
                .doesNotContain("in clear text");
    }

    private static PipelineConfig load(Document... documents) {
        return PipelineDocuments.merge(List.of(documents), ENVIRONMENT).parse("test", ENVIRONMENT);
    }

    private static SourceRecord record(String topic) {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        return new SourceRecord(Map.of(), Map.of(), topic, null, null, null, schema, new Struct(schema).put("id", 1));
    }

    /** The connector's JSON with the given properties written after its tasks.max. */
    private static String withProperties(String connector, String properties) {
        return connector.replace("\"tasks.max\": \"1\"", "\"tasks.max\": \"1\", " + properties);
    }

    /** The one source of SOURCE_PUBLIC with the given properties added. */
    private static SourceConfig source(String properties) {
        return load(doc("s.json", withProperties(SOURCE_PUBLIC, properties)))
                .sources()
                .get(0);
    }

    private static Document doc(String file, String text) {
        return new Document(file, file.substring(0, file.lastIndexOf('.')), text);
    }

    private static PipelineLoader.S3Files noS3() {
        return new PipelineLoader.S3Files() {
            @Override
            public String read(S3Location object) {
                throw new AssertionError("no S3 here");
            }

            @Override
            public List<String> list(S3Location prefix) {
                throw new AssertionError("no S3 here");
            }
        };
    }
}
