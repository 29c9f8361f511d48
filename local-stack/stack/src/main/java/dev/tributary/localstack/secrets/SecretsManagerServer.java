package dev.tributary.localstack.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.aws.JsonProtocolServer;
import dev.tributary.localstack.aws.ServiceError;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local endpoint that speaks AWS Secrets Manager's JSON 1.1 protocol for the operations Tributary needs: the
 * functions read database credentials with GetSecretValue exactly as on AWS, and local mode stores them with
 * CreateSecret or PutSecretValue. Secrets are kept in memory, current version only (stage {@code AWSCURRENT}).
 *
 * <p>Operations: CreateSecret, GetSecretValue, PutSecretValue, DeleteSecret.
 */
public final class SecretsManagerServer implements AutoCloseable {

    private static final String ACCOUNT = "000000000000";

    private final JsonProtocolServer server;
    private final String region;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    private SecretsManagerServer(String region, String accessKeyId) {
        this.region = region;
        this.server = JsonProtocolServer.start(
                "Secrets Manager",
                "secretsmanager.",
                accessKeyId,
                Map.of(
                        "CreateSecret", this::createSecret,
                        "GetSecretValue", this::getSecretValue,
                        "PutSecretValue", this::putSecretValue,
                        "DeleteSecret", this::deleteSecret));
    }

    /**
     * Starts the endpoint on a free loopback port.
     *
     * @param region the region that secrets' ARNs name
     * @param accessKeyId the access key id that requests must be signed with
     */
    public static SecretsManagerServer start(String region, String accessKeyId) {
        return new SecretsManagerServer(region, accessKeyId);
    }

    /** The endpoint URI to give the SDK as endpoint override. */
    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }

    private synchronized ObjectNode createSecret(JsonNode request) {
        String name = required(request, "Name");
        if (!name.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
            throw invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of"
                    + " the following: -/_+=.@!");
        }
        if (secrets.containsKey(name)) {
            throw new ServiceError(
                    "ResourceExistsException",
                    400,
                    "The operation failed because the secret " + name + " already exists.");
        }
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF), 36);
        Secret secret = new Secret(
                name,
                "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:" + name + "-" + suffix,
                value(request),
                UUID.randomUUID().toString(),
                Instant.now());
        secrets.put(name, secret);
        return identity(secret);
    }

    private synchronized ObjectNode getSecretValue(JsonNode request) {
        Secret secret = find(required(request, "SecretId"));
        if (request.hasNonNull("VersionId")
                && !request.get("VersionId").asText().equals(secret.versionId())) {
            throw notFound();
        }
        if (request.hasNonNull("VersionStage")
                && !request.get("VersionStage").asText().equals("AWSCURRENT")) {
            throw notFound();
        }
        ObjectNode response = identity(secret);
        response.put("SecretString", secret.value());
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", secret.created().getEpochSecond());
        return response;
    }

    private synchronized ObjectNode putSecretValue(JsonNode request) {
        Secret current = find(required(request, "SecretId"));
        Secret updated = new Secret(
                current.name(), current.arn(), value(request), UUID.randomUUID().toString(), Instant.now());
        secrets.put(current.name(), updated);
        ObjectNode response = identity(updated);
        response.putArray("VersionStages").add("AWSCURRENT");
        return response;
    }

    private synchronized ObjectNode deleteSecret(JsonNode request) {
        Secret secret = find(required(request, "SecretId"));
        secrets.remove(secret.name());
        ObjectNode response = json.createObjectNode();
        response.put("ARN", secret.arn());
        response.put("Name", secret.name());
        response.put("DeletionDate", Instant.now().getEpochSecond());
        return response;
    }

    private Secret find(String id) {
        Secret byName = secrets.get(id);
        if (byName != null) {
            return byName;
        }
        return secrets.values().stream()
                .filter(s -> s.arn().equals(id))
                .findFirst()
                .orElseThrow(this::notFound);
    }

    private ObjectNode identity(Secret secret) {
        ObjectNode response = json.createObjectNode();
        response.put("ARN", secret.arn());
        response.put("Name", secret.name());
        response.put("VersionId", secret.versionId());
        return response;
    }

    private static String value(JsonNode request) {
        if (!request.hasNonNull("SecretString")) {
            throw invalidParameter("You must provide either SecretString or SecretBinary; this endpoint stores"
                    + " SecretString only.");
        }
        return request.get("SecretString").asText();
    }

    private static String required(JsonNode request, String member) {
        if (!request.hasNonNull(member) || request.get(member).asText().isEmpty()) {
            throw invalidParameter("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return request.get(member).asText();
    }

    private ServiceError notFound() {
        return new ServiceError("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret.");
    }

    private static ServiceError invalidParameter(String message) {
        return new ServiceError("InvalidParameterException", 400, message);
    }

    private record Secret(String name, String arn, String value, String versionId, Instant created) {}
}
