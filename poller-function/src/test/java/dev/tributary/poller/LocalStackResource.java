package dev.tributary.poller;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
            config.putAll(stack.dynamoDb().quarkusClientConfig("dynamodb"));
            config.putAll(stack.s3().quarkusClientConfig("s3"));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare the local pipeline", e);
        }
    }

    @Override
    public void stop() {
        if (local != null) {
            local.close();
        }
    }
}
