package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.poller.PollRequest;
import dev.tributary.poller.PollResponse;
import dev.tributary.poller.Poller;
import dev.tributary.poller.state.DynamoDbStateStore;
import dev.tributary.sink.SinkResponse;
import dev.tributary.sink.SinkService;
import dev.tributary.sink.event.MskBatch;
import dev.tributary.sink.storage.S3LakeStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Rows captured by the poller, produced to Kafka, delivered as an MSK event source mapping event, written by the
 * sink to the lake, and read back with DuckDB: every row equals its source row, types included. The JVM runs in
 * Australia/Adelaide (+10:30), the database in Asia/Tokyo, the writers in America/Sao_Paulo.
 */
class LakeRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "e2e_" + ID;
    private static final String BUCKET = "lake-" + ID;
    private static final String TOPIC = "e2e." + ID + ".typed";

    private static LocalStack stack;
    private static S3Client s3;
    private static DynamoDbClient dynamo;
    private static SinkResponse written;

    @BeforeAll
    static void runThePipeline() throws Exception {
        stack = LocalStack.shared();
        PostgresEndpoint pg = stack.postgres();
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
            statement.execute("ALTER DATABASE " + DATABASE + " SET timezone TO 'Asia/Tokyo'");
        }
        try (Connection writer = DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), pg.password());
                Statement statement = writer.createStatement()) {
            statement.execute("SET TIME ZONE 'America/Sao_Paulo'");
            statement.execute("CREATE TABLE typed (id int PRIMARY KEY, amount numeric(12,4), big bigint,"
                    + " ratio double precision, flag boolean, label text, day date, local_time timestamp,"
                    + " instant timestamptz, ident uuid, last_update timestamptz NOT NULL DEFAULT now())");
            statement.execute("INSERT INTO typed VALUES"
                    + " (1, 1234.5678, 9007199254740993, 0.1, true, 'Zürich – 東京 ✓', '2024-02-29',"
                    + "  '2024-01-01 00:00:00.123456', '2024-06-30 23:59:59.999999+14', gen_random_uuid()),"
                    + " (2, -0.0001, -1, -1.5e300, false, '', '1900-01-01', '1999-12-31 23:59:59.000001',"
                    + "  '1970-01-01 00:00:00.000001+00', gen_random_uuid()),"
                    + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
            statement.execute("INSERT INTO typed (id, label, amount, instant) SELECT g, 'row ' || g, g / 7.0,"
                    + " timestamptz '2026-11-25 10:00:00.5+00' + g * interval '1 microsecond'"
                    + " FROM generate_series(4, 500) g");
        }
        dynamo = LocalAws.dynamoDb(stack);
        LocalAws.createStateTable(dynamo, "e2e-" + ID);
        s3 = LocalAws.s3(stack);
        s3.createBucket(b -> b.bucket(BUCKET));

        PipelineConfig pipeline = PipelineParser.parse(
                """
                database:
                  jdbc-url: %s
                  username: %s
                  ssl-mode: disable
                  timezone: America/Sao_Paulo
                kafka:
                  bootstrap-servers: %s
                  auth: none
                  topic-partitions: 2
                state:
                  table: e2e-%s
                sources:
                  - name: typed
                    tables: typed
                    topic-prefix: e2e.%s.
                    mode: timestamp
                    timestamp-columns: last_update
                    batch-max-rows: 100
                sinks:
                  - name: lake
                    topics: %s
                    bucket: %s
                """.formatted(pg.jdbcUrl(DATABASE), pg.user(), stack.kafka().bootstrapServers(), ID, ID, TOPIC, BUCKET),
                "e2e.yaml",
                Map.of());
        try (Poller poller = Poller.start(pipeline, id -> "", new DynamoDbStateStore(dynamo, "e2e-" + ID))) {
            PollResponse polled = poller.poll(
                    new PollRequest(null, null, null, List.of(), null, false, true),
                    UUID.randomUUID().toString(),
                    Instant.now().plusSeconds(60));
            assertThat(polled.rows()).isEqualTo(500);
        }
        MskFeed feed = new MskFeed(stack.kafka().bootstrapServers());
        KafkaEvent event = feed.event(feed.next(List.of(TOPIC)));
        try (SinkService sink = new SinkService(pipeline, new S3LakeStore(s3))) {
            written = sink.process(MskBatch.records(event));
        }
    }

    @AfterAll
    static void close() {
        s3.close();
        dynamo.close();
    }

    @Test
    void shouldWriteEveryRowThePollerCaptured() {
        assertThat(written.written()).isEqualTo(500);
        assertThat(written.deadLettered()).isZero();
        assertThat(written.objects()).hasSize(2).allMatch(o -> o.endsWith(".snappy.parquet"));
    }

    @Test
    void shouldReadBackFromParquetExactlyTheSourceRowsTypesIncluded() throws Exception {
        Map<Integer, List<Object>> source = new LinkedHashMap<>();
        PostgresEndpoint pg = stack.postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(DATABASE), pg.user(), pg.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, amount, big, ratio, flag, label, day, local_time,"
                        + " instant, ident FROM typed ORDER BY id")) {
            while (rs.next()) {
                source.put(rs.getInt(1), values(rs));
            }
        }
        Map<Integer, List<Object>> lake = new LinkedHashMap<>();
        String files = stack.s3Directory().orElseThrow().resolve(BUCKET) + "/topics/" + TOPIC + "/*/*.parquet";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = statement.executeQuery("SELECT id, amount, big, ratio, flag, label, day,"
                    + " local_time, instant, CAST(ident AS VARCHAR), typeof(amount), typeof(local_time),"
                    + " typeof(instant) FROM read_parquet('" + files + "') ORDER BY id")) {
                while (rs.next()) {
                    assertThat(rs.getString(11)).isEqualTo("DECIMAL(12,4)");
                    assertThat(rs.getString(12)).isEqualTo("TIMESTAMP");
                    assertThat(rs.getString(13)).isEqualTo("TIMESTAMP WITH TIME ZONE");
                    lake.put(rs.getInt(1), values(rs));
                }
            }
        }
        assertThat(lake).hasSize(500);
        assertThat(lake).isEqualTo(source);
        assertThat(lake.get(1).get(4)).isEqualTo("Zürich – 東京 ✓");
        assertThat(lake.get(1).get(7)).isEqualTo("2024-06-30T09:59:59.999999Z");
    }

    /**
     * Columns 2 to 10 of a row (amount, big, ratio, flag, label, day, local_time, instant, ident) as comparable text,
     * read the same way from PostgreSQL and from DuckDB.
     */
    private static List<Object> values(ResultSet rs) throws SQLException {
        OffsetDateTime instant = rs.getObject(9, OffsetDateTime.class);
        return List.of(
                text(rs.getBigDecimal(2)),
                text(rs.getObject(3)),
                text(rs.getObject(4)),
                text(rs.getObject(5)),
                text(rs.getString(6)),
                text(rs.getObject(7, LocalDate.class)),
                text(rs.getObject(8, LocalDateTime.class)),
                text(instant == null ? null : instant.toInstant()),
                text(rs.getString(10)));
    }

    /** Values as comparable text: decimals by their exact digits, everything else as it prints. */
    private static Object text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return Objects.toString(value, "NULL");
    }
}
