package dev.tributary.poller.database;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.core.pipeline.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens connections to the source database the way capture needs them: read-only transactions, READ COMMITTED,
 * the session time zone set to {@code database.timezone} (so that timestamp values and bounds are read in the
 * writers' zone), and TLS as configured. Credentials come from Secrets Manager or, for local runs, the file.
 */
public final class DatabaseConnector {

    /** Sessions opened here carry this application_name, which pg_stat_activity shows. */
    public static final String APPLICATION_NAME = "tributary-poller";

    private final String jdbcUrl;
    private final String username;
    private final Secret password;
    private final DatabaseConfig config;

    DatabaseConnector(String jdbcUrl, String username, Secret password, DatabaseConfig config) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.config = config;
    }

    /**
     * Resolves where and as whom to connect: the secret when {@code database.secret-id} is set, else the file.
     *
     * @throws ConfigException if neither gives a URL and credentials, or the secret is malformed
     */
    public static DatabaseConnector of(DatabaseConfig config, SecretReader secrets) {
        if (config.secretId().isPresent()) {
            String secretId = config.secretId().get();
            Credentials credentials = Credentials.fromRdsSecret(secretId, secrets.read(secretId));
            String url = config.jdbcUrl()
                    .or(credentials::jdbcUrl)
                    .orElseThrow(() -> new ConfigException(
                            "Missing setting database.jdbc-url: secret " + secretId + " has no host to build it from"));
            return new DatabaseConnector(url, credentials.username(), credentials.password(), config);
        }
        String url = config.jdbcUrl()
                .orElseThrow(
                        () -> new ConfigException(
                                "Missing setting database.jdbc-url: set it, or set database.secret-id to a secret with a host"));
        String user = config.username()
                .orElseThrow(() -> new ConfigException(
                        "Missing setting database.username: without database.secret-id the file must name the user"));
        return new DatabaseConnector(url, user, config.password().orElse(new Secret("")), config);
    }

    /** The JDBC URL, with any password parameter in it masked: fit for a log line. */
    public String jdbcUrl() {
        return DatabaseConfig.redacted(jdbcUrl);
    }

    public String username() {
        return username;
    }

    /** A new connection, ready for capture. The caller closes it. */
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        if (!password.reveal().isEmpty()) {
            props.setProperty("password", password.reveal());
        }
        props.setProperty("sslmode", config.sslMode().configValue());
        config.sslRootCert().ifPresent(cert -> props.setProperty("sslrootcert", cert));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty(
                "connectTimeout",
                Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("defaultRowFetchSize", Integer.toString(config.fetchSize()));
        Connection connection = DriverManager.getConnection(jdbcUrl, props);
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute(setTimeZone(config.timezone()));
                statement.execute("SET DateStyle = ISO");
            }
            connection.commit();
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The statement that sets the session's time zone to {@code zone}. A fixed offset goes as an interval, because
     * PostgreSQL reads a name such as {@code +02:00} or {@code UTC+2} as a POSIX zone, whose sign is the opposite
     * of ISO 8601's: {@code SET TIME ZONE '+02:00'} would put the session two hours west of UTC, not east.
     */
    public static String setTimeZone(ZoneId zone) {
        if (zone.normalized() instanceof ZoneOffset offset) {
            int minutes = offset.getTotalSeconds() / 60;
            return String.format(
                    Locale.ROOT,
                    "SET TIME ZONE INTERVAL '%s%02d:%02d' HOUR TO MINUTE",
                    minutes < 0 ? "-" : "+",
                    Math.abs(minutes) / 60,
                    Math.abs(minutes) % 60);
        }
        // The zone id is validated at start-up; quoting keeps it a literal all the same.
        return "SET TIME ZONE '" + zone.getId().replace("'", "''") + "'";
    }
}
