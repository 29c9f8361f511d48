package dev.tributary.poller;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.tributary.localstack.AwsEndpoint;
import dev.tributary.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the Quarkus application under test a pipeline on the shared local stack: a database loaded with the
 * Pagila sample, a state table, and AWS clients pointed at the local servers.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    static LocalPipeline local;

    @Override
    public Map<String, String> start() {
        try {
            local = LocalPipeline.withPagila("handler");
            Path file = Files.createTempFile("pipeline-", ".yaml");
            Files.writeString(file, local.header("") + """
                      - name: pagila.public.
                        tables: [address, city, country]
                        topic-prefix: %spagila.public.
                        mode: timestamp
                        timestamp-columns: last_update
                    """.formatted(local.topicPrefix), StandardCharsets.UTF_8);
            Map<String, String> config = new HashMap<>();
            config.put("tributary.config", file.toString());
            config.put("tributary.poller.max-duration", "2s");
            LocalStack stack = LocalStack.shared();
            client(config, "dynamodb", stack.dynamoDb());
            client(config, "s3", stack.s3());
            config.put("quarkus.s3.path-style-access", "true");
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare the local pipeline", e);
        }
    }

    private static void client(Map<String, String> config, String service, AwsEndpoint endpoint) {
        config.put("quarkus." + service + ".endpoint-override", endpoint.uri().toString());
        config.put("quarkus." + service + ".aws.region", endpoint.region());
        config.put("quarkus." + service + ".aws.credentials.type", "static");
        config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", endpoint.accessKeyId());
        config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                endpoint.secretAccessKey());
    }

    @Override
    public void stop() {
        if (local != null) {
            local.close();
        }
    }
}
