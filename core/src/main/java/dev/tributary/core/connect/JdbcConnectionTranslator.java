package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.core.pipeline.DatabaseConfig.SslMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDBC source connector's connection properties ({@code connection.url}, {@code connection.user},
 * {@code connection.password}, {@code db.timezone}, {@code dialect.name}) as the pipeline's database section:
 * credentials written into the URL move to the settings that keep them out of logs, and the URL's TLS parameters
 * become ssl-mode.
 */
final class JdbcConnectionTranslator {

    private static final Pattern POSTGRES_URL = Pattern.compile("jdbc:postgresql:.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SSL_MODE = Pattern.compile("[?&]sslmode=([a-z-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SSL_TRUE = Pattern.compile("[?&]ssl=true", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_USER = Pattern.compile("(?<=[?&])user=([^&]*)&?", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?<=[?&])password=([^&]*)&?", Pattern.CASE_INSENSITIVE);

    /** Replaces every connector's connection.url when set: local mode points the connectors at its own database. */
    static final String JDBC_URL_VARIABLE = "TRIBUTARY_DB_JDBC_URL";

    private JdbcConnectionTranslator() {}

    static void database(ConnectorProperties p, ObjectNode database, Map<String, String> environment) {
        String url = p.required("connection.url", "the JDBC URL of the PostgreSQL database to capture");
        if (!POSTGRES_URL.matcher(url).matches()) {
            throw p.error(
                    "connection.url",
                    "is not supported because Tributary captures PostgreSQL only"
                            + " (jdbc:postgresql://host:port/database)");
        }
        String replacement = environment.getOrDefault(JDBC_URL_VARIABLE, "");
        if (!replacement.isBlank()) {
            // Local mode points the connectors at its own database.
            p.notice("connection.url is replaced by " + DatabaseConfig.redacted(replacement) + " (" + JDBC_URL_VARIABLE
                    + ")");
            database.put("jdbc-url", replacement);
        } else {
            // Credentials written into the URL (?user=…&password=…) move to the settings that keep them out of logs.
            Matcher user = URL_USER.matcher(url);
            if (user.find() && p.peek("connection.user").isEmpty()) {
                database.put("username", decode(user.group(1)));
            }
            Matcher password = URL_PASSWORD.matcher(url);
            if (password.find() && p.peek("connection.password").isEmpty()) {
                database.put("password", decode(password.group(1)));
            }
            url = URL_PASSWORD
                    .matcher(URL_USER.matcher(url).replaceAll(""))
                    .replaceAll("")
                    .replaceFirst("[?&]$", "")
                    .replaceFirst("\\?&", "?");
            database.put("jdbc-url", url);
            Matcher ssl = SSL_MODE.matcher(url);
            if (ssl.find()) {
                // The URL's sslmode is what the driver uses; the pipeline says the same, so nothing contradicts it.
                database.put("ssl-mode", ssl.group(1).toLowerCase(Locale.ROOT));
            } else if (SSL_TRUE.matcher(url).find()) {
                // The driver's ssl=true without sslmode verifies the server's certificate and name.
                database.put("ssl-mode", SslMode.VERIFY_FULL.configValue());
            }
        }
        String secret = environment.getOrDefault("TRIBUTARY_DB_SECRET_ID", "");
        if (!secret.isBlank()) {
            p.ignore(
                    "connection.user",
                    "the credentials come from Secrets Manager secret " + secret + " (TRIBUTARY_DB_SECRET_ID)");
            p.ignore(
                    "connection.password",
                    "the credentials come from Secrets Manager secret " + secret + " (TRIBUTARY_DB_SECRET_ID)");
        } else {
            p.find("connection.user").ifPresent(user -> database.put("username", user));
            p.find("connection.password").ifPresent(password -> database.put("password", password));
        }
        p.find("db.timezone").ifPresent(zone -> database.put("timezone", zone));
        p.find("dialect.name").ifPresent(dialect -> {
            if (!dialect.equals("PostgreSqlDatabaseDialect")) {
                throw p.error(
                        "dialect.name",
                        "is not supported because Tributary captures PostgreSQL only" + " (PostgreSqlDatabaseDialect)");
            }
        });
    }

    private static String decode(String parameter) {
        return URLDecoder.decode(parameter, StandardCharsets.UTF_8);
    }
}
