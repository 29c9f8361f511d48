package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** infra/sql/install.sql on a real PostgreSQL: the change-time trigger on any table, and the poller's grants. */
class SqlScriptsTest {

    private static PostgresEndpoint pg;
    private static String database;

    /** Each test's session as the database's owner, and a statement of it. */
    private Connection admin;

    private Statement statement;

    @BeforeAll
    static void install() throws SQLException {
        pg = LocalStack.shared().postgres();
        database = "infra_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(Repository.read("infra/sql/install.sql"));
        }
    }

    @BeforeEach
    void connectAsAdmin() throws SQLException {
        admin = connect();
        statement = admin.createStatement();
    }

    @AfterEach
    void disconnect() throws SQLException {
        statement.close();
        admin.close();
    }

    @Test
    void shouldStampInsertsAndUpdatesOfATableThatHadNoChangeColumn() throws SQLException {
        statement.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        statement.execute("INSERT INTO items VALUES (1, 'before')");
        statement.execute("SELECT tributary.track_changes('public.items')");

        Timestamp installed = timestamp(statement, "SELECT last_update FROM items WHERE id = 1");
        admin.setAutoCommit(false);
        Timestamp transactionStart = timestamp(statement, "SELECT now()");
        statement.execute("INSERT INTO items (id, name) VALUES (2, 'new')");
        statement.execute("UPDATE items SET name = 'changed', last_update = '2000-01-01' WHERE id = 1");
        admin.commit();
        admin.setAutoCommit(true);

        assertThat(installed).isNotNull().isBeforeOrEqualTo(transactionStart);
        assertThat(timestamp(statement, "SELECT last_update FROM items WHERE id = 2"))
                .isEqualTo(transactionStart);
        assertThat(timestamp(statement, "SELECT last_update FROM items WHERE id = 1"))
                .as("a writer cannot set an old change time")
                .isEqualTo(transactionStart);
        assertThat(strings(
                        statement,
                        "SELECT is_nullable FROM information_schema.columns"
                                + " WHERE table_name = 'items' AND column_name = 'last_update'"))
                .containsExactly("NO");
        assertThat(strings(statement, "SELECT indexdef FROM pg_indexes WHERE tablename = 'items'"))
                .anySatisfy(index -> assertThat(index).contains("(last_update, id)"));
    }

    @Test
    void shouldTrackAColumnOfAnyNameOnATableWithACompositeKeyAndLeaveTheIndexToTheUser() throws SQLException {
        statement.execute("CREATE SCHEMA sales");
        statement.execute("CREATE TABLE sales.\"Order Lines\" (order_id int, line int, qty int,"
                + " changed_at timestamp(3) NOT NULL DEFAULT '2001-01-01', PRIMARY KEY (order_id, line))");
        statement.execute("SELECT tributary.track_changes('sales.\"Order Lines\"', 'changed_at', false)");
        statement.execute("INSERT INTO sales.\"Order Lines\" (order_id, line, qty) VALUES (1, 1, 5)");

        assertThat(timestamp(statement, "SELECT changed_at FROM sales.\"Order Lines\"")
                        .toLocalDateTime())
                .isAfter(LocalDateTime.of(2020, 1, 1, 0, 0));
        assertThat(strings(statement, "SELECT indexdef FROM pg_indexes WHERE tablename = 'Order Lines'"))
                .noneSatisfy(index -> assertThat(index).contains("changed_at"));

        statement.execute("SELECT tributary.untrack_changes('sales.\"Order Lines\"', 'changed_at')");
        statement.execute("INSERT INTO sales.\"Order Lines\" (order_id, line, qty) VALUES (1, 2, 5)");
        assertThat(timestamp(statement, "SELECT changed_at FROM sales.\"Order Lines\" WHERE line = 2"))
                .isEqualTo(Timestamp.valueOf("2001-01-01 00:00:00"));
    }

    @Test
    void shouldRefuseAChangeColumnThatIsNoTimestamp() throws SQLException {
        statement.execute("CREATE TABLE notes (id int PRIMARY KEY, last_update text)");

        assertThatThrownBy(() -> statement.execute("SELECT tributary.track_changes('notes')"))
                .hasMessageContaining("Cannot track changes of notes in column last_update because it is of"
                        + " type text, not a timestamp");
    }

    @Test
    void shouldReinstallWithoutLosingTrackedTables() throws SQLException {
        statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
        statement.execute("SELECT tributary.track_changes('kept')");

        statement.execute(Repository.read("infra/sql/install.sql"));
        statement.execute("INSERT INTO kept VALUES (1)");

        assertThat(timestamp(statement, "SELECT last_update FROM kept")).isNotNull();
        assertThat(strings(statement, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'kept'::regclass"))
                .containsExactly("tributary_stamp_last_update");
    }

    @Test
    void shouldLogDeletesAndTruncatesForTheReadOnlyPollerWhichPrunesThroughItsFunctionAlone() throws SQLException {
        String role = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        String app = "app_" + UUID.randomUUID().toString().substring(0, 8);
        statement.execute("CREATE TABLE gone (region text, code int, name text, PRIMARY KEY (region, code))");
        statement.execute("INSERT INTO gone SELECT 'eu', g, 'n' || g FROM generate_series(1, 5) g");
        assertThat(strings(statement, "SELECT tributary.capture_deletes('gone')"))
                .containsExactly("gone: deletes logged by key region, code");
        statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'test-only'");
        statement.execute("SELECT tributary.grant_capture('" + role + "', ARRAY['public'])");
        statement.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'test-only'");
        statement.execute("GRANT SELECT, DELETE, TRUNCATE ON gone TO " + app);

        // The application deletes with no privilege on schema tributary.
        try (Connection writer = DriverManager.getConnection(pg.jdbcUrl(database), app, "test-only");
                Statement delete = writer.createStatement()) {
            delete.execute("DELETE FROM gone WHERE code = 2");
            delete.execute("TRUNCATE gone");
            assertThatThrownBy(() -> delete.execute("SELECT tributary.prune_deletes('x', 'gone', now(), 0)"))
                    .hasMessageContaining("permission denied");
        }
        assertThat(strings(
                        statement,
                        "SELECT key::text FROM tributary.delete_log WHERE relation = 'gone'::regclass"
                                + " ORDER BY id"))
                .containsExactly(
                        "{\"code\": 2, \"region\": \"eu\"}",
                        "{\"code\": 1, \"region\":" + " \"eu\"}",
                        "{\"code\": 3, \"region\": \"eu\"}",
                        "{\"code\": 4, \"region\": \"eu\"}",
                        "{\"code\": 5, \"region\": \"eu\"}");

        try (Connection poller = DriverManager.getConnection(pg.jdbcUrl(database), role, "test-only");
                Statement read = poller.createStatement()) {
            assertThat(strings(read, "SELECT count(*) FROM tributary.delete_log"))
                    .containsExactly("5");
            // The poller's one read-write transaction (its role is read-only by default).
            read.execute("SET default_transaction_read_only = off");
            read.execute("SELECT tributary.prune_deletes('second', 'gone', NULL)");
            assertThat(strings(
                            read,
                            "SELECT tributary.prune_deletes('first', 'gone', (SELECT max(deleted_at)"
                                    + " FROM tributary.delete_log), (SELECT max(id) FROM tributary.delete_log))"))
                    .as("the second reader has read nothing yet")
                    .containsExactly("0");
            assertThat(
                            strings(
                                    read,
                                    "SELECT tributary.prune_deletes('second', 'gone', (SELECT deleted_at FROM"
                                            + " tributary.delete_log ORDER BY id LIMIT 1), (SELECT min(id) FROM tributary.delete_log))"))
                    .containsExactly("1");
            assertThatThrownBy(() -> read.execute("DELETE FROM tributary.delete_log"))
                    .hasMessageContaining("permission denied");
        }
        statement.execute("SELECT tributary.forget_delete_reader('second', 'gone')");
        assertThat(strings(statement, "SELECT tributary.prune_deletes('first', 'gone', NULL)"))
                .as("only the first reader is left, and it has read everything")
                .containsExactly("4");
    }

    @Test
    void shouldRefuseToLogTheDeletesOfATableWithoutAKey() throws SQLException {
        statement.execute("CREATE TABLE keyless (name text)");

        assertThatThrownBy(() -> statement.execute("SELECT tributary.capture_deletes('keyless')"))
                .hasMessageContaining("Cannot capture deletes of keyless because it has no primary key")
                .hasMessageContaining("ARRAY['id']");
        assertThatThrownBy(() -> statement.execute("SELECT tributary.capture_deletes('keyless', ARRAY['nope'])"))
                .hasMessageContaining("by column nope because there is no such column");
    }

    @Test
    void shouldGrantThePollerReadOnlyAccessAndTheActivityItsGuardReads() throws SQLException {
        String role = "poller_" + UUID.randomUUID().toString().substring(0, 8);
        statement.execute("CREATE TABLE existing (id int PRIMARY KEY)");
        statement.execute("INSERT INTO existing VALUES (1)");
        statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'test-only'");
        statement.execute("SELECT tributary.grant_capture('" + role + "', ARRAY['public'])");
        statement.execute("CREATE TABLE later (id int PRIMARY KEY)");

        admin.setAutoCommit(false);
        statement.execute("INSERT INTO later VALUES (1)");
        try (Connection poller = DriverManager.getConnection(pg.jdbcUrl(database), role, "test-only");
                Statement query = poller.createStatement()) {
            assertThat(strings(query, "SELECT count(*) FROM existing")).containsExactly("1");
            assertThat(strings(query, "SELECT count(*) FROM later")).containsExactly("0");
            assertThat(strings(
                            query,
                            "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL"
                                    + " AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"))
                    .as("other sessions' open transactions, for the in-flight guard")
                    .containsExactly("1");
            assertThatThrownBy(() -> query.execute("INSERT INTO existing VALUES (2)"))
                    .hasMessageContaining("read-only");
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    private static Timestamp timestamp(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
