package dev.tributary.endtoend;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The seed walkthrough's lake, made by the three functions in this JVM on the shared local stack: the Pagila sample
 * captured by the seed's three sources, written by its three sinks and registered by the catalog, then the seed's
 * changes (addresses 100 to 102 updated, a country and a city added, address 104 deleted, its deletion captured from
 * the delete log as the seed pipeline does). Each instance has its own database, bucket, Glue database and topics.
 */
final class SeedLake implements AutoCloseable {

    /** The seed's five topics, as its connectors name them (an instance's topics start with its prefix). */
    static final List<String> TOPICS = List.of(
            "pagila.public.address",
            "pagila.public.city",
            "pagila.public.country",
            "pagila.public.alt.address",
            "pagila.query");

    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String database = "seed_" + id;
    final String bucket = "seed-" + id;
    final String glueDatabase = "lake_" + id;
    /** The topics' prefix; the Glue tables' names start with it, dots as underscores. */
    final String prefix = "s" + id + ".";

    final LocalStack stack = LocalStack.shared();
    final S3Client s3;
    final DynamoDbClient dynamo;
    final GlueClient glue;
    private final InProcessPipeline functions;

    SeedLake() throws Exception {
        PostgresEndpoint pg = stack.postgres();
        LocalAws.createPagilaDatabase(stack, database, 7);
        try (Connection connection = database();
                Statement statement = connection.createStatement()) {
            // What the seed's database owner does once for its delete capture (infra/README.md).
            statement.execute(Files.readString(Path.of("../infra/sql/install.sql")));
            statement.execute("SELECT tributary.capture_deletes('address')");
            statement.execute("SELECT tributary.capture_deletes('city')");
            statement.execute("SELECT tributary.capture_deletes('country')");
        }
        dynamo = LocalAws.dynamoDb(stack);
        LocalAws.createStateTable(dynamo, "seed-" + id);
        s3 = LocalAws.s3(stack);
        s3.createBucket(b -> b.bucket(bucket));
        glue = LocalAws.glue(stack);
        PipelineConfig pipeline = PipelineParser.parse(pipelineYaml(pg), "seed.yaml", Map.of());
        List<String> topics = TOPICS.stream().map(topic -> prefix + topic).toList();
        functions = new InProcessPipeline(
                pipeline, "seed-" + id, topics, stack.kafka().bootstrapServers(), dynamo, s3, glue);
        functions.cycle();
        try (Connection connection = database();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE address SET district = 'Updated ' || address_id, phone = '555-' || address_id"
                    + " WHERE address_id IN (100, 101, 102)");
            statement.execute("INSERT INTO country (country) VALUES ('Atlantis')");
            statement.execute("INSERT INTO city (city, country_id) SELECT 'Poseidonia', country_id FROM country"
                    + " WHERE country = 'Atlantis'");
            statement.execute("DELETE FROM address WHERE address_id = 104");
        }
        functions.cycle();
    }

    /** One more pass of the three functions over whatever changed since the last. */
    void cycle() throws Exception {
        functions.cycle();
    }

    /** A Glue table's name for a topic of the seed ({@code pagila.query} is {@code s<id>_pagila_query}). */
    String table(String topic) {
        return (prefix + topic).replace('.', '_');
    }

    Connection database() throws SQLException {
        PostgresEndpoint pg = stack.postgres();
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    private String pipelineYaml(PostgresEndpoint pg) {
        return """
                database:
                  jdbc-url: %1$s
                  username: %2$s
                  ssl-mode: disable
                kafka:
                  bootstrap-servers: %3$s
                  auth: none
                state:
                  table: seed-%4$s
                sources:
                  - name: pagila.public.
                    tables: [address, city, country]
                    topic-prefix: %5$spagila.public.
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log}
                  - name: pagila.public.alt.
                    tables: address
                    topic-prefix: %5$spagila.public.alt.
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: log}
                    transforms:
                      - {type: ValueToKey, fields: address_id}
                      - {type: ExtractField$Key, field: address_id}
                      - {type: InsertField$Value, topic.field: message_topic}
                      - {type: InsertField$Value, static.field: message_source, static.value: pagila}
                  - name: pagila.query
                    query: >
                      SELECT a.address_id, a.address, a.address2, city.city, a.district, a.postal_code,
                      country.country, a.phone, a.last_update FROM address AS a
                      INNER JOIN city ON a.city_id = city.city_id INNER JOIN country ON country.country_id = city.country_id
                    topic: %5$spagila.query
                    mode: timestamp+incrementing
                    timestamp-columns: last_update
                    incrementing-column: address_id
                    deletes: {capture: log, table: address}
                    transforms:
                      - {type: ValueToKey, fields: address_id}
                      - {type: ExtractField$Key, field: address_id}
                      - {type: InsertField$Value, topic.field: message_topic}
                sinks:
                  - name: public
                    topics-regex: %6$spagila\\.public\\.(address|city|country)
                    bucket: %7$s
                    format: json
                  - name: alt
                    topics: %5$spagila.public.alt.address
                    bucket: %7$s
                    format: json
                  - name: query
                    topics: %5$spagila.query
                    bucket: %7$s
                    format: parquet
                    compression: gzip
                    partitioner: field
                    partition-fields: country
                    transforms:
                      - {type: ReplaceField$Value, renames: "district:state_province"}
                      - {type: InsertField$Value, static.field: message_source, static.value: pagila}
                      - {type: InsertField$Value, static.field: message_source_engine, static.value: postgresql}
                      - {type: InsertField$Value, static.field: environment, static.value: development}
                catalog:
                  database: %8$s
                """.formatted(
                        pg.jdbcUrl(database),
                        pg.user(),
                        stack.kafka().bootstrapServers(),
                        id,
                        prefix,
                        prefix.replace(".", "\\."),
                        bucket,
                        glueDatabase);
    }

    @Override
    public void close() {
        functions.close();
        s3.close();
        dynamo.close();
        glue.close();
    }
}
