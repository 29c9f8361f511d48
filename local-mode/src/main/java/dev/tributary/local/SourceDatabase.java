package dev.tributary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import dev.tributary.localstack.sample.PagilaSample;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL database local mode captures from: a fresh {@code pagila} database on the embedded server, or the
 * person's own database. Its credentials reach the functions only through the local Secrets Manager, as on AWS.
 */
final class SourceDatabase {

    /** Seed of the generated sample: the same rows on every run. */
    private static final long SAMPLE_SEED = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jdbcUrl;
    private final String user;
    private final Optional<String> password;
    private final String sslMode;

    private SourceDatabase(String jdbcUrl, String user, Optional<String> password, String sslMode) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.sslMode = sslMode;
    }

    /** A new {@code pagila} database on the embedded server, replacing the one of an earlier run. */
    static SourceDatabase embedded(LocalStack stack) {
        PostgresEndpoint pg = stack.postgres();
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS pagila WITH (FORCE)");
            statement.execute("CREATE DATABASE pagila");
        } catch (SQLException e) {
            throw new LocalModeException(
                    "Cannot create database pagila on the embedded PostgreSQL: " + e.getMessage(), e);
        }
        return new SourceDatabase(pg.jdbcUrl("pagila"), pg.user(), Optional.of(pg.password()), "disable");
    }

    /** The person's database; fails at once, clearly, if it cannot be reached. */
    static SourceDatabase existing(String jdbcUrl, String user, Optional<String> password, String sslMode) {
        SourceDatabase database = new SourceDatabase(jdbcUrl, user, password, sslMode);
        try (Connection connection = database.connect()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new LocalModeException(
                    "Cannot connect to PostgreSQL at " + jdbcUrl + " as " + user + ": " + e.getMessage()
                            + (password.isEmpty() ? " (no PGPASSWORD set)" : ""),
                    e);
        }
        return database;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("sslmode", sslMode);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "tributary-local");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /**
     * Creates and loads the Pagila-shaped sample unless the database has an {@code address} table already.
     *
     * @return whether this call created it
     */
    boolean createSampleIfAbsent() {
        try (Connection connection = connect()) {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT to_regclass('address') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return false;
                }
            }
            PagilaSample.load(connection, SAMPLE_SEED);
            return true;
        } catch (SQLException e) {
            throw new LocalModeException("Cannot load the sample into " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The secret as RDS stores it: engine, host, port, dbname, username and password. */
    String secretJson() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        ObjectNode secret = JSON.createObjectNode();
        secret.put("engine", "postgres");
        secret.put("host", uri.getHost());
        secret.put("port", uri.getPort() < 0 ? 5432 : uri.getPort());
        secret.put("dbname", uri.getPath().replaceFirst("^/", ""));
        secret.put("username", user);
        secret.put("password", password.orElse(""));
        return secret.toString();
    }

    String sslMode() {
        return sslMode;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }
}
