package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class PostgresSmokeTest {

    @Test
    void shouldRoundTripRowsThroughRealPostgres17(LocalStack stack) throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        try (Connection connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = connection.createStatement()) {
            try (ResultSet version = statement.executeQuery("SHOW server_version_num")) {
                version.next();
                assertThat(version.getInt(1)).isBetween(170000, 179999);
            }
            statement.execute("CREATE TABLE smoke_round_trip (id bigint PRIMARY KEY, name text,"
                    + " amount numeric(12,4), seen timestamptz)");
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO smoke_round_trip VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, 1);
                insert.setString(2, "Zürich – 東京");
                insert.setBigDecimal(3, new BigDecimal("1234.5678"));
                insert.setObject(4, OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 123_456_000, ZoneOffset.UTC));
                insert.executeUpdate();
            }
            try (ResultSet rs =
                    statement.executeQuery("SELECT name, amount, seen FROM smoke_round_trip WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Zürich – 東京");
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("1234.5678");
                assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
                        .isEqualTo(OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 123_456_000, ZoneOffset.UTC)
                                .toInstant());
            }
        }
    }
}
