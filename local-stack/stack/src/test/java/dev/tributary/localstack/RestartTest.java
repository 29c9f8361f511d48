package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Servers restarted under their clients come back on the same address with the same data. */
class RestartTest {

    private final LocalStack stack = LocalStack.shared();

    @ParameterizedTest(name = "crash: {0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepKafkasRecordsAcrossARestart(boolean crash) throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        String bootstrap = stack.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "before")).get();

            stack.restartKafka(crash);

            // The producer reconnects by itself.
            producer.send(new ProducerRecord<>(topic, "after")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 2 && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }
        assertThat(read).containsExactly("before", "after");
    }

    @Test
    void shouldKeepPostgresDataAcrossARestartAndEndOpenSessions() throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        try (Connection open = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = open.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS restart_check (id int)");
            statement.execute("INSERT INTO restart_check VALUES (1)");

            stack.restartPostgres();

            assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).matches("08...|57P01"));
        }
        try (Connection fresh = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = fresh.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM restart_check WHERE id = 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
    }
}
