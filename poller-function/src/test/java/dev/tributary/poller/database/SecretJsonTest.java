package dev.tributary.poller.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class SecretJsonTest {

    @Test
    void shouldParseASecretsJson() {
        assertThat(SecretJson.parse("db", "database.secret-id", "{\"username\": \"u\"}", "{…}")
                        .get("username")
                        .asText())
                .isEqualTo("u");
    }

    @Test
    void shouldNameTheSecretAndTheSettingButNeverTheContentWhenItIsNotJson() {
        assertThatThrownBy(() -> SecretJson.parse(
                        "db", "kafka.sasl-secret-id", "user=u p@ss", "{\"username\": …, \"password\": …}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot use secret db for kafka.sasl-secret-id because it is not JSON; expected"
                        + " {\"username\": …, \"password\": …}")
                .hasMessageNotContaining("p@ss");
    }
}
