package dev.tributary.poller.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void shouldReadTheRdsSecretFormat() {
        Credentials credentials = Credentials.fromRdsSecret("db", """
                {"username": "tributary", "password": "p@ss", "engine": "postgres",
                 "host": "db.example.com", "port": 5432, "dbname": "pagila", "dbInstanceIdentifier": "db"}""");

        assertThat(credentials.username()).isEqualTo("tributary");
        assertThat(credentials.password().reveal()).isEqualTo("p@ss");
        assertThat(credentials.jdbcUrl()).contains("jdbc:postgresql://db.example.com:5432/pagila");
        assertThat(credentials.toString()).doesNotContain("p@ss");
    }

    @Test
    void shouldNameWhatAMalformedSecretLacks() {
        assertThatThrownBy(() -> Credentials.fromRdsSecret("db", "{\"username\": \"u\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no 'password'");
        assertThatThrownBy(() -> Credentials.fromRdsSecret(
                        "db", "{\"username\": \"u\", \"password\": \"x\"," + " \"host\": \"h\", \"port\": \"fifty\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'port' is not a port number");
    }

    @Test
    void shouldAcceptAnEmptyPasswordForAServerThatTrustsTheClient() {
        Credentials credentials = Credentials.fromRdsSecret("db", "{\"username\": \"u\", \"password\": \"\"}");

        assertThat(credentials.password().reveal()).isEmpty();
    }
}
