package dev.tributary.infra;

import dev.tributary.catalog.CatalogSettings;
import dev.tributary.infra.template.CfnYaml;
import dev.tributary.poller.PollerSettings;
import dev.tributary.sink.SinkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository these tests check, and what a deployment would give the template's required parameters. */
final class Repository {

    /** Values a user gives the parameters that have no default (sam deploy --guided asks for them). */
    static final Map<String, String> DEPLOYMENT = Map.of(
            "PipelineBucket", "example-tributary-config",
            "DatabaseSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/pagila-AbC123",
            "SubnetIds", "subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788",
            "SecurityGroupIds", "sg-0123456789abcdef0",
            "MskClusterArn",
                    "arn:aws:kafka:eu-west-1:123456789012:cluster/tributary/5c7f3e1a-9b2d-4c1e-8f3a-1d2e3f4a5b6c-2",
            "KafkaBootstrapServers",
                    "b-1.tributary.a1bcde.c2.kafka.eu-west-1.amazonaws.com:9098,"
                            + "b-2.tributary.a1bcde.c2.kafka.eu-west-1.amazonaws.com:9098");

    /** Each function module's settings. */
    static final Map<String, Class<?>> SETTINGS = Map.of(
            "poller-function",
            PollerSettings.class,
            "sink-function",
            SinkSettings.class,
            "catalog-function",
            CatalogSettings.class);

    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("tributary.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static String read(String path) {
        try {
            return Files.readString(root().resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> template() {
        return CfnYaml.parse(read("template.yaml"));
    }
}
