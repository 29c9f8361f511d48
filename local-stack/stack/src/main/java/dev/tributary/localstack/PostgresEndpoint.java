package dev.tributary.localstack;

import java.util.Objects;

/**
 * Where a local PostgreSQL server listens and how to log in to it.
 *
 * @param host loopback host name
 * @param port TCP port
 * @param database database name the server was initialised with
 * @param user superuser name
 * @param password the superuser's password (the local server trusts loopback connections)
 */
public record PostgresEndpoint(String host, int port, String database, String user, String password) {

    public PostgresEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** JDBC URL of {@link #database()}, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** JDBC URL of another database on the same server, without credentials. */
    public String jdbcUrl(String otherDatabase) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + otherDatabase;
    }

    String encode() {
        return String.join("\n", host, Integer.toString(port), database, user, password);
    }

    static PostgresEndpoint decode(String encoded) {
        String[] parts = encoded.split("\n", -1);
        return new PostgresEndpoint(parts[0], Integer.parseInt(parts[1]), parts[2], parts[3], parts[4]);
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + jdbcUrl() + ", user=" + user + "]";
    }
}
