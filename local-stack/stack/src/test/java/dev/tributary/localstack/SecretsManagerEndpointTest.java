package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The local Secrets Manager endpoint, driven only through the AWS SDK's SecretsManagerClient. */
@ExtendWith(LocalStackExtension.class)
class SecretsManagerEndpointTest {

    private static SecretsManagerClient client;

    @BeforeAll
    static void connect() {
        client = AwsClients.secretsManager(LocalStack.shared().secretsManager());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void shouldReturnTheCurrentValueByNameOrArn() {
        String name = "tributary/test/" + UUID.randomUUID();
        CreateSecretResponse created =
                client.createSecret(b -> b.name(name).secretString("{\"username\":\"app\",\"password\":\"p1\"}"));

        client.putSecretValue(
                b -> b.secretId(created.arn()).secretString("{\"username\":\"app\",\"password\":\"p2\"}"));
        GetSecretValueResponse byName = client.getSecretValue(b -> b.secretId(name));
        GetSecretValueResponse byArn = client.getSecretValue(b -> b.secretId(created.arn()));

        assertThat(created.arn()).startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-");
        assertThat(byName.secretString()).isEqualTo("{\"username\":\"app\",\"password\":\"p2\"}");
        assertThat(byName.versionStages()).containsExactly("AWSCURRENT");
        assertThat(byArn.versionId()).isEqualTo(byName.versionId()).isNotEqualTo(created.versionId());
        assertThat(byName.createdDate()).isNotNull();
    }

    @Test
    void shouldAnswerWithSecretsManagersErrors() {
        String name = "tributary/test/" + UUID.randomUUID();
        client.createSecret(b -> b.name(name).secretString("x"));

        assertThatThrownBy(() -> client.createSecret(b -> b.name(name).secretString("y")))
                .isInstanceOf(ResourceExistsException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(name + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Secrets Manager can't find the specified secret.");
        client.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() ->
                        client.createSecret(b -> b.name("bad name with spaces").secretString("z")))
                .isInstanceOf(SecretsManagerException.class)
                .hasMessageContaining("Invalid name");
    }
}
