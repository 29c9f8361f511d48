package dev.tributary.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineDocuments;
import dev.tributary.core.pipeline.PipelineDocuments.Document;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.transform.TransformChain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connectors as their users published them (src/test/resources/connect/published, SOURCES.md says where each came
 * from): each runs with its meaning kept, or is refused naming every problem at once.
 */
class PublishedConnectorsTest {

    private static final Map<String, String> ENVIRONMENT =
            Map.of("TRIBUTARY_BOOTSTRAP_SERVERS", "broker-1:9098", "TRIBUTARY_STATE_TABLE", "state");
    private static final Path PUBLISHED = Path.of("src/test/resources/connect/published");

    @Test
    void shouldReadKafka3sReplaceFieldBlacklistAsKafka4sExcludeAndDropTheField() throws Exception {
        Document tutorial = json("kafka-tutorials.json", ksqlProperties(read("kafka-tutorials-create-connector.sql")));

        PipelineDocuments.Merged merged = merge(tutorial);
        SourceConfig source = merged.parse("test", ENVIRONMENT).sources().get(0);

        assertThat(source.transforms().get(2).properties())
                .containsEntry("exclude", "city_id")
                .doesNotContainKey("blacklist");
        assertThat(merged.notices())
                .anySatisfy(n -> assertThat(n)
                        .contains("transforms.removeKeyFromValue.blacklist"
                                + " is read as transforms.removeKeyFromValue.exclude")
                        .contains("Kafka 4 renamed it"));
        Schema row = SchemaBuilder.struct()
                .field("city_id", Schema.INT32_SCHEMA)
                .field("city", Schema.STRING_SCHEMA)
                .build();
        try (TransformChain<SourceRecord> chain = TransformChain.of(source.transforms())) {
            SourceRecord record = chain.apply(new SourceRecord(
                    Map.of(),
                    Map.of(),
                    "postgres_city",
                    null,
                    null,
                    null,
                    row,
                    new Struct(row).put("city_id", 7).put("city", "Lethbridge")));
            assertThat(record.key()).isEqualTo(7);
            assertThat(record.valueSchema().fields()).extracting(f -> f.name()).containsExactly("city");
        }
    }

    @Test
    void shouldReadReplaceFieldWhitelistAsInclude() throws Exception {
        String published = read("demo-scene-day10-source-jdbc-mysql-day10-00.json");
        // As published it reads MySQL, which Tributary does not capture; pointed at PostgreSQL it runs.
        assertThatThrownBy(() -> merge(json("day10.json", published)))
                .hasMessageContaining("property connection.url")
                .hasMessageContaining("captures PostgreSQL only");

        PipelineDocuments.Merged merged = merge(json(
                "day10.json",
                published.replace("jdbc:mysql://mysql:3306/demo", "jdbc:postgresql://postgres:5432/demo")));
        SourceConfig source = merged.parse("test", ENVIRONMENT).sources().get(0);

        assertThat(source.transforms().get(0).properties())
                .containsEntry("include", "item,cost,units,txn_date")
                .doesNotContainKey("whitelist");
        assertThat(source.tables()).containsExactly("*.\"production_data\"");
    }

    @Test
    void shouldKeepAnHourlyBulkCopysIntervalAcrossInvocations() throws Exception {
        PipelineDocuments.Merged merged =
                merge(json("postgres-01.json", read("demo-scene-jdbc-source-postgres-01.json")));
        SourceConfig source = merged.parse("test", ENVIRONMENT).sources().get(0);

        assertThat(source.pollInterval()).hasHours(1);
        assertThat(merged.notices())
                .anySatisfy(n -> assertThat(n)
                        .contains("poll.interval.ms = 3600000 (PT1H)")
                        .contains("holds across the schedule's invocations"));
    }

    @Test
    void shouldRefuseUnfilledPlaceholdersAndGiveTheTemplateParametersForObjectSizes() throws Exception {
        String template = read("bidon-connector-config.template.json");

        assertThatThrownBy(() -> merge(json("s3-sink.json", template)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("property s3.bucket.name = '${S3_BUCKET_NAME}' holds ${S3_BUCKET_NAME}, a shell"
                        + " placeholder nothing filled in")
                .hasMessageContaining("Write ${env:S3_BUCKET_NAME}");

        // What envsubst would make of it.
        PipelineDocuments.Merged merged = merge(json(
                "s3-sink.json",
                template.replace("${S3_BUCKET_NAME}", "bidon-lake")
                        .replace("${AWS_REGION}", "eu-west-1")
                        .replace("\"aws.access.key.id\": \"${AWS_ACCESS_KEY_ID}\",", "")
                        .replace(",\n    \"aws.secret.access.key\": \"${AWS_SECRET_ACCESS_KEY}\"", "")));
        assertThat(merged.notices())
                .anySatisfy(n -> assertThat(n)
                        .contains("flush.size = 200000")
                        .contains("SinkBatchSize=10000")
                        .contains("beyond Lambda's most, 10000 records"));
        assertThat(merged.notices())
                .anySatisfy(n ->
                        assertThat(n).contains("rotate.interval.ms = 60000").contains("SinkBatchingWindowSeconds=60"));
    }

    @Test
    void shouldReportEveryProblemOfOneConnectorAtOnce() {
        String refused = read("demo-scene-jdbc-source-postgres-01.json")
                .replace(
                        "\"mode\":\"bulk\"",
                        "\"mode\":\"snapshot\", \"timestamp.granularity\": \"nanos_long\","
                                + " \"dialect.name\": \"MySqlDatabaseDialect\"");

        assertThatThrownBy(() -> merge(json("postgres-01.json", refused)))
                .hasMessageContaining("property mode = 'snapshot' is not supported")
                .hasMessageContaining("property timestamp.granularity = 'nanos_long' is not supported")
                .hasMessageContaining("property dialect.name = 'MySqlDatabaseDialect' is not supported")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(3));
    }

    @Test
    void shouldNameTheMissingConnectorClass() {
        assertThatThrownBy(() -> merge(new Document("jdbc_info.json", "jdbc_info", read("yunanjeong-jdbc-info.json"))))
                .hasMessageContaining("Cannot read connector jdbc_info.json because it has no connector.class")
                .hasMessageContaining("io.confluent.connect.jdbc.JdbcSourceConnector");
    }

    @Test
    void shouldMatchTheWhitelistsTableNamesExactly() throws Exception {
        SourceConfig source = merge(json("SOURCE_POSTGRES.json", curlBody(read("wesley-bos-source-connector.sh"))))
                .parse("test", ENVIRONMENT)
                .sources()
                .get(0);

        // Quoted: PostgreSQL's table "NUMBER", not number.
        assertThat(source.tables()).containsExactly("*.\"NUMBER\"");
    }

    /** The acceptance's directory: good and bad connectors; every problem of every one, exit 1, nothing written. */
    @Test
    void shouldReportEveryProblemOfEveryConnectorOfADirectoryAndWriteNothing(@TempDir Path directory) throws Exception {
        for (String file : List.of(
                "demo-scene-jdbc-source-postgres-01.json",
                "arijitmazumdar-jdbc-source.json",
                "bidon-connector-config.template.json",
                "yunanjeong-jdbc-info.json")) {
            Files.writeString(directory.resolve(file), read(file));
        }
        // A second good connector, on another database: the two cannot share one pipeline's database section.
        Files.writeString(directory.resolve("SOURCE_POSTGRES.json"), curlBody(read("wesley-bos-source-connector.sh")));
        Path output = directory.resolve("pipeline.yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ConvertConnectors.run(
                new String[] {directory.toString(), output.toString()},
                ENVIRONMENT,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String problems = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(problems).isEqualTo(1);
        assertThat(output).doesNotExist();
        assertThat(out.size()).isZero();
        assertThat(problems)
                .contains("because of 4 problems")
                .contains("with connector 'SOURCE_POSTGRES'")
                .contains("set database.jdbc-url differently")
                .contains("connector 'jdbc-source-avro'")
                .contains("value.converter")
                .contains("yunanjeong-jdbc-info.json because it has no connector.class")
                .contains("connector 's3-sink'")
                .contains("${S3_BUCKET_NAME}")
                .contains("Nothing was written");
    }

    @Test
    void shouldPrintEveryNoticeOnTheTerminalBesideTheYaml(@TempDir Path directory) throws Exception {
        Path connector = Files.writeString(
                directory.resolve("postgres-01.json"), read("demo-scene-jdbc-source-postgres-01.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ConvertConnectors.run(
                new String[] {connector.toString()},
                ENVIRONMENT,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String yaml = out.toString(StandardCharsets.UTF_8);
        List<String> notices = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(exit).isZero();
        assertThat(yaml).contains("poll-interval: 3600000ms");
        assertThat(notices).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("notice: "));
        assertThat(notices).anySatisfy(line -> assertThat(line).contains("poll.interval.ms = 3600000"));
        for (String line : notices) {
            assertThat(yaml).as("the YAML's header holds the notice too").contains(line.substring("notice: ".length()));
        }
    }

    private static PipelineDocuments.Merged merge(Document... documents) {
        return PipelineDocuments.merge(List.of(documents), ENVIRONMENT);
    }

    private static Document json(String file, String text) {
        return new Document(file, file.substring(0, file.lastIndexOf('.')), text);
    }

    private static Document json(String file, Map<String, String> properties) throws IOException {
        return json(file, new ObjectMapper().writeValueAsString(properties));
    }

    private static String read(String file) {
        try {
            return Files.readString(PUBLISHED.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON body of a {@code curl … -d '{…}'} command, as the script sends it. */
    private static String curlBody(String script) {
        Matcher body = Pattern.compile("-d '(\\{.*})'", Pattern.DOTALL).matcher(script);
        assertThat(body.find()).as("a curl -d body in %s", script).isTrue();
        return body.group(1);
    }

    /** The properties of a ksqlDB CREATE SOURCE CONNECTOR statement: its WITH ('key' = 'value', …). */
    private static Map<String, String> ksqlProperties(String statement) {
        Map<String, String> properties = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("'([^']*)'\\s*=\\s*'([^']*)'").matcher(statement);
        while (pair.find()) {
            properties.put(pair.group(1), pair.group(2));
        }
        return properties;
    }
}
