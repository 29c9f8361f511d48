package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.aws.JsonProtocolServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A local endpoint that speaks the AWS Glue Data Catalog's JSON 1.1 protocol for the operations Tributary uses.
 *
 * <p>This is not an emulator of all of Glue: it serves the catalog subset below, with Glue's error types and input
 * rules, so that the real {@code GlueClient} (with an endpoint override) can be tested without AWS. Requests must
 * be signed with AWS Signature V4 using the expected access key id; the signature itself is not verified.
 *
 * <p>Operations: CreateDatabase, GetDatabase, GetDatabases, DeleteDatabase, CreateTable, GetTable, GetTables,
 * UpdateTable, DeleteTable, CreatePartition, BatchCreatePartition, GetPartition, GetPartitions, BatchGetPartition,
 * UpdatePartition, BatchUpdatePartition, DeletePartition, the column statistics of tables and partitions (Update, Get,
 * Delete), and Create, Get and DeleteTableOptimizer (recorded, not run).
 */
public final class GlueServer implements AutoCloseable {

    private final JsonProtocolServer server;

    private GlueServer(JsonProtocolServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint on a free loopback port.
     *
     * @param directory where to persist the catalog (one JSON file per database), or empty to keep it in memory
     * @param accessKeyId the access key id that requests must be signed with
     */
    public static GlueServer start(Optional<Path> directory, String accessKeyId) {
        ObjectMapper json = new ObjectMapper();
        GlueStore store = new GlueStore(json, directory);
        GlueCatalog catalog = new GlueCatalog(store);
        GluePartitions partitions = new GluePartitions(store);
        ColumnStatistics statistics = new ColumnStatistics(json, catalog, partitions);
        TableOptimizers optimizers = new TableOptimizers(json, catalog);
        return new GlueServer(JsonProtocolServer.start(
                "Glue",
                "AWSGlue.",
                accessKeyId,
                oneAtATime(Map.ofEntries(
                        Map.entry("CreateDatabase", catalog::createDatabase),
                        Map.entry("GetDatabase", catalog::getDatabase),
                        Map.entry("GetDatabases", catalog::getDatabases),
                        Map.entry("DeleteDatabase", catalog::deleteDatabase),
                        Map.entry("CreateTable", catalog::createTable),
                        Map.entry("GetTable", catalog::getTable),
                        Map.entry("GetTables", catalog::getTables),
                        Map.entry("UpdateTable", catalog::updateTable),
                        Map.entry("DeleteTable", catalog::deleteTable),
                        Map.entry("CreatePartition", partitions::createPartition),
                        Map.entry("BatchCreatePartition", partitions::batchCreatePartition),
                        Map.entry("GetPartition", partitions::getPartition),
                        Map.entry("GetPartitions", partitions::getPartitions),
                        Map.entry("BatchGetPartition", partitions::batchGetPartition),
                        Map.entry("UpdatePartition", partitions::updatePartition),
                        Map.entry("BatchUpdatePartition", partitions::batchUpdatePartition),
                        Map.entry("DeletePartition", partitions::deletePartition),
                        Map.entry("UpdateColumnStatisticsForTable", r -> statistics.update(r, false)),
                        Map.entry("UpdateColumnStatisticsForPartition", r -> statistics.update(r, true)),
                        Map.entry("GetColumnStatisticsForTable", r -> statistics.get(r, false)),
                        Map.entry("GetColumnStatisticsForPartition", r -> statistics.get(r, true)),
                        Map.entry("DeleteColumnStatisticsForTable", r -> statistics.delete(r, false)),
                        Map.entry("DeleteColumnStatisticsForPartition", r -> statistics.delete(r, true)),
                        Map.entry("CreateTableOptimizer", optimizers::create),
                        Map.entry("GetTableOptimizer", optimizers::get),
                        Map.entry("DeleteTableOptimizer", optimizers::delete)))));
    }

    /** The operations, run one at a time: the catalog's state is not thread-safe, and each operation is atomic. */
    private static Map<String, Function<JsonNode, ObjectNode>> oneAtATime(
            Map<String, Function<JsonNode, ObjectNode>> operations) {
        Object lock = new Object();
        Map<String, Function<JsonNode, ObjectNode>> serialized = new HashMap<>();
        operations.forEach((name, operation) -> serialized.put(name, request -> {
            synchronized (lock) {
                return operation.apply(request);
            }
        }));
        return serialized;
    }

    /** The endpoint URI to give the SDK as endpoint override. */
    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }
}
