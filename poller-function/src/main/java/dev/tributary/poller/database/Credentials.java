package dev.tributary.poller.database;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.Secret;
import java.util.Optional;

/**
 * Who the poller logs in as, and where, when a secret says so.
 *
 * @param username database user
 * @param password the user's password
 * @param jdbcUrl the URL built from the secret's host, port and dbname, when it has them
 */
public record Credentials(String username, Secret password, Optional<String> jdbcUrl) {

    /**
     * Reads a secret in the format RDS and Secrets Manager rotation use:
     * {@code {"username": …, "password": …, "engine": "postgres", "host": …, "port": 5432, "dbname": …}}.
     *
     * @param secretId the secret's name or ARN, for messages (the content never appears in them)
     * @throws ConfigException if the secret is not JSON or lacks username or password
     */
    public static Credentials fromRdsSecret(String secretId, String secretString) {
        JsonNode secret = SecretJson.parse(
                secretId,
                "database.secret-id",
                secretString,
                "the RDS format {\"username\": …, \"password\": …, \"host\": …, …}");
        if (secret == null || !secret.isObject()) {
            throw new ConfigException("Cannot use secret " + secretId + " for database.secret-id because it is not"
                    + " a JSON object in the RDS format");
        }
        if (!secret.hasNonNull("username") || secret.get("username").asText().isEmpty()) {
            throw new ConfigException(
                    "Cannot use secret " + secretId + " for database.secret-id because it has" + " no 'username'");
        }
        // An empty password is a password (a server that trusts the client ignores it); a missing one is a mistake.
        if (!secret.hasNonNull("password")) {
            throw new ConfigException(
                    "Cannot use secret " + secretId + " for database.secret-id because it has" + " no 'password'");
        }
        Optional<String> url = Optional.empty();
        if (secret.hasNonNull("host")) {
            JsonNode port = secret.get("port");
            if (port != null && !port.isNull() && !port.asText().matches("\\d{1,5}")) {
                throw new ConfigException("Cannot use secret " + secretId + " for database.secret-id because its"
                        + " 'port' is not a port number");
            }
            String database = secret.hasNonNull("dbname") ? secret.get("dbname").asText() : "postgres";
            url = Optional.of("jdbc:postgresql://" + secret.get("host").asText() + ":"
                    + (port == null || port.isNull() ? "5432" : port.asText()) + "/" + database);
        }
        return new Credentials(
                secret.get("username").asText(),
                new Secret(secret.get("password").asText()),
                url);
    }
}
