package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the poller reaches PostgreSQL, and how it reads time.
 *
 * @param jdbcUrl JDBC URL; when empty, built from the secret's host, port and dbname
 * @param secretId Secrets Manager secret holding credentials in the RDS format
 * @param username user for local runs without a secret
 * @param password password for local runs without a secret
 * @param sslMode TLS to the database
 * @param sslRootCert CA bundle to verify the server with
 * @param timezone zone of {@code timestamp} (without time zone) values
 * @param inFlightGuard which open transactions hold the safe upper bound back
 * @param fetchSize rows per round trip while streaming a batch
 * @param connectTimeout how long to wait for a connection
 */
public record DatabaseConfig(
        Optional<String> jdbcUrl,
        Optional<String> secretId,
        Optional<String> username,
        Optional<Secret> password,
        SslMode sslMode,
        Optional<String> sslRootCert,
        ZoneId timezone,
        InFlightGuard inFlightGuard,
        int fetchSize,
        Duration connectTimeout) {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

    /** Text with any password parameter of a JDBC URL in it masked (…?user=u&amp;password=****): fit for a message. */
    public static String redacted(String text) {
        return URL_PASSWORD.matcher(text).replaceAll("$1****");
    }

    public static final Setting<String> JDBC_URL = Setting.string("jdbc-url")
            .doc("JDBC URL of the PostgreSQL database, for example jdbc:postgresql://db.example.com:5432/pagila."
                    + " When absent, it is built from the secret's host, port and dbname.")
            .defaultDescribed("from the secret");
    public static final Setting<String> SECRET_ID = Setting.string("secret-id")
            .doc("AWS Secrets Manager secret (name or ARN) with the database credentials, in the JSON format RDS"
                    + " uses: username, password, and optionally host, port and dbname. The recommended way on AWS.");
    public static final Setting<String> USERNAME = Setting.string("username")
            .doc("Database user, for local runs without a secret. Ignored when secret-id is set.");
    public static final Setting<String> PASSWORD = Setting.string("password")
            .secret()
            .doc("Database password, for local runs without a secret; never logged. On AWS use secret-id:"
                    + " secrets do not belong in files or environment variables.");
    public static final Setting<SslMode> SSL_MODE = Setting.choice("ssl-mode", SslMode.class)
            .defaultValue(SslMode.REQUIRE)
            .doc("TLS to the database, as libpq's sslmode. Use verify-full with ssl-root-cert (the RDS CA bundle)"
                    + " to also verify the server's identity.");
    public static final Setting<String> SSL_ROOT_CERT = Setting.string("ssl-root-cert")
            .doc("Path of the CA certificate bundle that verify-ca and verify-full check the server against.");
    public static final Setting<String> TIMEZONE = Setting.zoneId("timezone")
            .defaultValue("UTC")
            .doc("Time zone in which the database's writers produce values of timestamp (without time zone)"
                    + " columns. Such values are interpreted in it, and the safe upper bound of a poll is expressed"
                    + " in it. Columns of type timestamptz do not depend on it. Like Kafka Connect's db.timezone.");
    public static final Setting<InFlightGuard> IN_FLIGHT_GUARD = Setting.choice("in-flight-guard", InFlightGuard.class)
            .defaultValue(InFlightGuard.WRITERS)
            .doc("Which open transactions hold back the safe upper bound of a poll, so that a row they commit"
                    + " later is not skipped. Reading other sessions' transactions needs the pg_read_all_stats role"
                    + " (or pg_monitor); without it the poller warns once and relies on timestamp-delay alone.");
    public static final Setting<Integer> FETCH_SIZE = Setting.integer("fetch-size")
            .defaultValue(5000)
            .atLeast(1)
            .doc("Rows fetched per round trip while streaming a batch; a batch is never held in memory whole.");
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect-timeout")
            .defaultValue(Duration.ofSeconds(10))
            .atLeast(1)
            .doc("How long to wait for a database connection before failing the poll.");

    public static final ConfigGroup GROUP = ConfigGroup.builder("database", "The PostgreSQL source database.")
            .add(
                    JDBC_URL,
                    SECRET_ID,
                    USERNAME,
                    PASSWORD,
                    SSL_MODE,
                    SSL_ROOT_CERT,
                    TIMEZONE,
                    IN_FLIGHT_GUARD,
                    FETCH_SIZE,
                    CONNECT_TIMEOUT)
            .build();

    static DatabaseConfig from(ConfigObject config) {
        return new DatabaseConfig(
                config.find(JDBC_URL),
                // Blank is absent: ${env:TRIBUTARY_DB_SECRET_ID:-} where the variable is unset.
                config.find(SECRET_ID).filter(id -> !id.isBlank()),
                config.find(USERNAME),
                config.find(PASSWORD).map(Secret::new),
                config.get(SSL_MODE),
                config.find(SSL_ROOT_CERT),
                ZoneId.of(config.get(TIMEZONE)),
                config.get(IN_FLIGHT_GUARD),
                config.get(FETCH_SIZE),
                config.get(CONNECT_TIMEOUT));
    }

    /** libpq's sslmode values, which the PostgreSQL JDBC driver honours. */
    public enum SslMode implements ConfigEnum {
        DISABLE("no TLS; only for a database on the same host or a local test"),
        ALLOW("TLS only if the server insists"),
        PREFER("TLS if the server offers it"),
        REQUIRE("TLS always, without verifying the server's certificate"),
        VERIFY_CA("TLS, and the certificate must be signed by ssl-root-cert"),
        VERIFY_FULL("TLS, a certificate signed by ssl-root-cert, and a matching host name");

        SslMode(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Which open transactions hold back the safe upper bound of a poll. */
    public enum InFlightGuard implements ConfigEnum {
        WRITERS("transactions that hold a transaction id, that is, that have written something"),
        ALL_TRANSACTIONS("every open transaction, including ones that have only read so far"
                + " (safe even for a transaction that reads first and stamps now() later; a long read-only"
                + " transaction then delays capture)"),
        NONE("none: only timestamp-delay protects against late commits");

        InFlightGuard(String description) {
            ConfigEnum.declare(this, description);
        }
    }
}
