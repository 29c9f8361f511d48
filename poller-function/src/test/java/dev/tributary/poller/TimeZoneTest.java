package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.poller.LocalPipeline.Consumed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JVM runs in Asia/Kolkata (set for this module's tests), the database defaults to America/Los_Angeles, and
 * the writers' sessions use Pacific/Chatham (+13:45): timestamp and timestamptz change times are both captured
 * exactly once, with the values the database holds.
 */
class TimeZoneTest {

    private static final String WRITERS_ZONE = "Pacific/Chatham";
    private static LocalPipeline local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.empty("zones");
        local.execute("ALTER DATABASE " + local.database + " SET timezone TO 'America/Los_Angeles'");
        local.execute("CREATE TABLE stamped (id serial PRIMARY KEY, local_time timestamp NOT NULL DEFAULT now(),"
                + " instant timestamptz NOT NULL DEFAULT now())");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldCaptureTimestampAndTimestamptzExactlyOnceWhateverTheZones() throws Exception {
        assertThat(TimeZone.getDefault().getID()).isEqualTo("Asia/Kolkata");
        Poller poller =
                local.start(local.pipeline("  timezone: " + WRITERS_ZONE + "\n", """
                  - name: by-local-time
                    tables: stamped
                    topic-prefix: %1$slocal.
                    mode: timestamp
                    timestamp-columns: local_time
                    batch-max-rows: 7
                  - name: by-instant
                    tables: stamped
                    topic-prefix: %1$sinstant.
                    mode: timestamp
                    timestamp-columns: instant
                    batch-max-rows: 7
                """.formatted(local.topicPrefix)));
        try (Connection writer = local.connect();
                Statement statement = writer.createStatement()) {
            statement.execute("SET TIME ZONE '" + WRITERS_ZONE + "'");
            for (int round = 0; round < 5; round++) {
                statement.execute("INSERT INTO stamped SELECT FROM generate_series(1, 10)");
                LocalPipeline.pollOnce(poller);
            }
        }
        LocalPipeline.pollOnce(poller);

        Map<Integer, long[]> expected = new HashMap<>();
        try (Connection reader = local.connect();
                Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, local_time, instant FROM stamped")) {
            while (rs.next()) {
                LocalDateTime localTime = rs.getObject(2, LocalDateTime.class);
                Instant instant =
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
                expected.put(rs.getInt(1), new long[] {micros(localTime.toInstant(ZoneOffset.UTC)), micros(instant)});
            }
        }
        assertThat(expected).hasSize(50);
        for (String topic : List.of("local.stamped", "instant.stamped")) {
            List<Consumed> records = local.read(local.topicPrefix + topic);
            assertThat(LocalPipeline.ints(records, "id")).as(topic).hasSize(50).doesNotHaveDuplicates();
            for (Consumed record : records) {
                long[] values = expected.get(record.payload().get("id").asInt());
                assertThat(record.payload().get("local_time").asLong()).isEqualTo(values[0]);
                assertThat(micros(Instant.parse(record.payload().get("instant").asText())))
                        .isEqualTo(values[1]);
            }
        }
    }

    @Test
    void shouldSetFixedOffsetZonesWithTheirIsoSign() throws Exception {
        // PostgreSQL reads '+02:00' or 'UTC+2' as POSIX zones (two hours west); the poller must mean east.
        Map<String, Integer> offsets = Map.of(
                "+02:00",
                7200,
                "-05:00",
                -18000,
                "UTC+05:30",
                19800,
                "GMT-03:00",
                -10800,
                "UTC",
                0,
                "Europe/Berlin",
                java.time.ZoneId.of("Europe/Berlin")
                        .getRules()
                        .getOffset(Instant.now())
                        .getTotalSeconds());
        try (Connection connection = local.connect();
                Statement statement = connection.createStatement()) {
            for (Map.Entry<String, Integer> zone : offsets.entrySet()) {
                statement.execute(dev.tributary.poller.database.DatabaseConnector.setTimeZone(
                        java.time.ZoneId.of(zone.getKey())));
                try (ResultSet rs = statement.executeQuery("SELECT EXTRACT(timezone FROM now())::int")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(zone.getKey()).isEqualTo(zone.getValue());
                }
            }
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
