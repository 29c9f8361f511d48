package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.storage.S3Location;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The seed walkthrough's six Kafka Connect connector configurations (infra/pipelines/connect), run unchanged but
 * for the connection URL, user, password and bucket: the seed's topics, record keys, fields and object layout.
 */
class KafkaConnectConfigsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "connect_" + ID;
    private static final String BUCKET = "connect-" + ID;
    private static final String GLUE_DATABASE = "connect_" + ID;

    @TempDir
    static Path connectors;

    private static LocalStack stack;
    private static S3Client s3;
    private static DynamoDbClient dynamo;
    private static GlueClient glue;
    private static InProcessPipeline functions;
    private static final Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();

    @BeforeAll
    static void runTheConnectors() throws Exception {
        stack = LocalStack.shared();
        PostgresEndpoint pg = stack.postgres();
        LocalAws.createPagilaDatabase(stack, DATABASE, 11);
        dynamo = LocalAws.dynamoDb(stack);
        LocalAws.createStateTable(dynamo, "connect-" + ID);
        s3 = LocalAws.s3(stack);
        s3.createBucket(b -> b.bucket(BUCKET));
        glue = LocalAws.glue(stack);
        Path seed = Path.of("").toAbsolutePath().getParent().resolve("infra/pipelines/connect");
        try (Stream<Path> files = Files.list(seed)) {
            for (Path file : files.toList()) {
                String json = Files.readString(file, StandardCharsets.UTF_8)
                        .replaceAll("jdbc:postgresql://[^\"]+", pg.jdbcUrl(DATABASE))
                        .replace(
                                "\"connection.user\": \"tributary_poller\"",
                                "\"connection.user\": \"" + pg.user() + "\"")
                        .replace("pagila-lake", BUCKET);
                Files.writeString(connectors.resolve(file.getFileName()), json, StandardCharsets.UTF_8);
            }
        }
        // What the functions' environment gives a pipeline of connectors: the worker's settings, and the password
        // the connectors read through Kafka Connect's ${env:...} provider syntax.
        Map<String, String> environment = Map.of(
                "PAGILA_PASSWORD",
                pg.password(),
                "TRIBUTARY_BOOTSTRAP_SERVERS",
                stack.kafka().bootstrapServers(),
                "TRIBUTARY_KAFKA_AUTH",
                "none",
                "TRIBUTARY_STATE_TABLE",
                "connect-" + ID,
                "TRIBUTARY_GLUE_DATABASE",
                GLUE_DATABASE);
        PipelineConfig pipeline = PipelineLoader.load(connectors.toString(), null, environment);
        functions = new InProcessPipeline(
                pipeline, "connect-" + ID, SeedLake.TOPICS, stack.kafka().bootstrapServers(), dynamo, s3, glue);
        for (ConsumerRecord<byte[], byte[]> record : functions.cycle()) {
            records.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
        }
    }

    @AfterAll
    static void close() {
        functions.close();
        s3.close();
        dynamo.close();
        glue.close();
    }

    @Test
    void shouldProduceTheSeedsTopicsWithEveryRow() throws Exception {
        assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(SeedLake.TOPICS);
        assertThat(records.get("pagila.public.address")).hasSize(PagilaSample.ADDRESSES);
        assertThat(records.get("pagila.public.city")).hasSize(PagilaSample.CITIES);
        assertThat(records.get("pagila.public.country")).hasSize(PagilaSample.COUNTRIES);
        assertThat(records.get("pagila.public.alt.address")).hasSize(PagilaSample.ADDRESSES);
        assertThat(records.get("pagila.query")).hasSize(PagilaSample.ADDRESSES);
    }

    @Test
    void shouldKeyRecordsAsTheJdbcSourceAndItsTransformsDo() throws Exception {
        assertThat(records.get("pagila.public.address"))
                .as("the JDBC source writes no key")
                .allSatisfy(r -> assertThat(r.key()).isNull());
        for (String topic : List.of("pagila.public.alt.address", "pagila.query")) {
            Set<Integer> keys = new LinkedHashSet<>();
            for (ConsumerRecord<byte[], byte[]> record : records.get(topic)) {
                JsonNode key = JSON.readTree(record.key());
                assertThat(key.path("schema").path("type").asText()).as(topic).isEqualTo("int32");
                keys.add(key.path("payload").asInt());
                assertThat(key.path("payload").asInt())
                        .isEqualTo(JSON.readTree(record.value())
                                .path("payload")
                                .path("address_id")
                                .asInt());
            }
            assertThat(keys).as(topic).hasSize(PagilaSample.ADDRESSES);
        }
    }

    @Test
    void shouldCarryTheSeedsFieldsInTheRecordValues() throws Exception {
        List<String> address = columns("SELECT * FROM address");
        assertThat(fields("pagila.public.address")).containsExactlyElementsOf(address);
        List<String> alt = new ArrayList<>(address);
        alt.addAll(List.of("message_topic", "message_source"));
        assertThat(fields("pagila.public.alt.address")).containsExactlyElementsOf(alt);
        assertThat(fields("pagila.query"))
                .containsExactly(
                        "address_id",
                        "address",
                        "address2",
                        "city",
                        "district",
                        "postal_code",
                        "country",
                        "phone",
                        "last_update",
                        "message_topic");
        assertThat(JSON.readTree(records.get("pagila.public.alt.address").get(0).value())
                        .path("payload")
                        .path("message_topic")
                        .asText())
                .isEqualTo("pagila.public.alt.address");
        for (JsonNode field : JSON.readTree(
                        records.get("pagila.public.address").get(0).value())
                .path("schema")
                .path("fields")) {
            if (field.path("field").asText().equals("last_update")) {
                assertThat(field.path("name").asText())
                        .as("as the JDBC source types it")
                        .isEqualTo("org.apache.kafka.connect.data.Timestamp");
            }
        }
    }

    @Test
    void shouldLayOutTheObjectsAsTheS3SinkDoes() {
        List<String> keys = functions.objects().stream()
                .map(o -> S3Location.parse(o).key())
                .distinct()
                .toList();

        assertThat(keys)
                .contains(
                        "topics/pagila.public.address/partition=0/pagila.public.address+0+0000000000.json",
                        "topics/pagila.public.city/partition=0/pagila.public.city+0+0000000000.json",
                        "topics/pagila.public.country/partition=0/pagila.public.country+0+0000000000.json",
                        "topics/pagila.public.alt.address/partition=0/pagila.public.alt.address+0+0000000000.json");
        assertThat(keys)
                .filteredOn(k -> k.startsWith("topics/pagila.query/"))
                .isNotEmpty()
                .allMatch(k ->
                        k.matches("topics/pagila\\.query/country=[^/]+/pagila\\.query\\+0\\+\\d{10}\\.gz\\.parquet"))
                .anyMatch(k -> k.startsWith("topics/pagila.query/country=United States/pagila.query+0+"));
    }

    @Test
    void shouldWriteTheRecordValuesAloneIntoTheObjects(@TempDir Path downloads) throws Exception {
        List<String> lines = functions.objects().stream()
                .map(o -> S3Location.parse(o).key())
                .distinct()
                .filter(k -> k.startsWith("topics/pagila.public.address/"))
                .flatMap(k -> read(k).lines())
                .toList();
        assertThat(lines).as("one line per record, across the batches' objects").hasSize(PagilaSample.ADDRESSES);
        List<String> fields = new ArrayList<>();
        JSON.readTree(lines.get(0)).fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .as("the value's fields, no metadata columns")
                .containsExactlyElementsOf(columns("SELECT * FROM address"));
        assertThat(JSON.readTree(lines.get(0)).get("last_update").isIntegralNumber())
                .as("epoch milliseconds, as Kafka Connect's JsonFormat writes a Timestamp")
                .isTrue();

        String parquet = functions.objects().stream()
                .map(o -> S3Location.parse(o).key())
                .filter(k -> k.startsWith("topics/pagila.query/country=United States/"))
                .findFirst()
                .orElseThrow();
        Path file = downloads.resolve("united-states.parquet");
        Files.write(
                file, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(parquet)).asByteArray());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
            assertThat(names(rs.getMetaData()))
                    .as("renamed, static fields added, the partition field kept")
                    .containsExactly(
                            "address_id",
                            "address",
                            "address2",
                            "city",
                            "state_province",
                            "postal_code",
                            "country",
                            "phone",
                            "last_update",
                            "message_topic",
                            "message_source",
                            "message_source_engine",
                            "environment");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("country")).isEqualTo("United States");
            assertThat(rs.getString("environment")).isEqualTo("development");
        }
    }

    @Test
    void shouldRegisterATablePerTopicInTheCatalog() {
        Map<String, Table> tables = new LinkedHashMap<>();
        glue.getTablesPaginator(b -> b.databaseName(GLUE_DATABASE)).stream()
                .flatMap(r -> r.tableList().stream())
                .forEach(t -> tables.put(t.name(), t));

        assertThat(tables)
                .containsKeys(
                        "pagila_public_address",
                        "pagila_public_city",
                        "pagila_public_country",
                        "pagila_public_alt_address",
                        "pagila_query");
        assertThat(tables.get("pagila_query").partitionKeys())
                .extracting(c -> c.name())
                .containsExactly("country");
    }

    private static List<String> fields(String topic) throws IOException {
        List<String> fields = new ArrayList<>();
        JSON.readTree(records.get(topic).get(0).value())
                .path("payload")
                .fieldNames()
                .forEachRemaining(fields::add);
        return fields;
    }

    private static String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    private static List<String> columns(String sql) throws SQLException {
        try (Connection connection = database();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql + " LIMIT 0")) {
            return names(rs.getMetaData());
        }
    }

    private static List<String> names(ResultSetMetaData metadata) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            names.add(metadata.getColumnName(i));
        }
        return names;
    }

    private static Connection database() throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), pg.password());
    }
}
