package dev.tributary.localstack.glue;

import static dev.tributary.localstack.glue.GlueRequests.page;
import static dev.tributary.localstack.glue.GlueRequests.validatePartitionInput;
import static dev.tributary.localstack.glue.GlueRequests.validatePartitionValues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.glue.GlueRequests.TableRequest;
import dev.tributary.localstack.glue.GlueStore.TableState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The partition operations of the Glue endpoint, with Glue's semantics: single and batch creation, reads (by
 * values, by expression, in segments), updates that replace a partition's definition, and deletion. Each operation
 * takes the request body and returns the response body.
 */
final class GluePartitions {

    private static final int MAX_BATCH_CREATE = 100;
    private static final int MAX_BATCH_GET = 1000;
    private static final int MAX_BATCH_UPDATE = 100;

    private final ObjectMapper json;
    private final GlueStore store;

    GluePartitions(GlueStore store) {
        this.json = store.json();
        this.store = store;
    }

    ObjectNode createPartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode input = constraints.required(request, "PartitionInput", "partitionInput");
        validatePartitionInput(constraints, input, "partitionInput");
        TableState table = named.check(store);
        List<String> values = partitionValues(table, input.get("Values"));
        if (table.partitions.containsKey(values)) {
            throw GlueException.alreadyExists("Partition already exists.");
        }
        table.partitions.put(values, newPartition(table, input, values));
        return saved(table);
    }

    ObjectNode batchCreatePartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode inputs = constraints.required(request, "PartitionInputList", "partitionInputList");
        if (inputs != null && inputs.isArray()) {
            for (int i = 0; i < inputs.size(); i++) {
                validatePartitionInput(constraints, inputs.get(i), "partitionInputList." + (i + 1) + ".member");
            }
        }
        constraints.check();
        if (!inputs.isArray() || inputs.size() > MAX_BATCH_CREATE) {
            throw GlueException.invalidInput("The number of partitions in a batch must be between 0 and "
                    + MAX_BATCH_CREATE + ", but the request has " + inputs.size());
        }
        TableState table = named.check(store);
        ArrayNode errors = json.createArrayNode();
        boolean changed = false;
        for (JsonNode input : inputs) {
            List<String> values;
            try {
                values = partitionValues(table, input.get("Values"));
            } catch (GlueException e) {
                errors.add(partitionError("PartitionValues", input.get("Values"), e.type(), e.getMessage()));
                continue;
            }
            if (table.partitions.containsKey(values)) {
                errors.add(partitionError(
                        "PartitionValues", input.get("Values"), "AlreadyExistsException", "Partition already exists."));
                continue;
            }
            table.partitions.put(values, newPartition(table, input, values));
            changed = true;
        }
        return batchAnswer(table, changed, errors, false);
    }

    ObjectNode getPartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode values = constraints.required(request, "PartitionValues", "partitionValues");
        constraints.listSize(values, "partitionValues", 0, 100);
        TableState table = named.check(store);
        ObjectNode partition = table.partitions.get(existingPartitionValues(table, values));
        ObjectNode response = json.createObjectNode();
        response.set("Partition", partition.deepCopy());
        return response;
    }

    ObjectNode getPartitions(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        constraints.optionalLength(request, "Expression", "expression", 2048);
        constraints.optionalRange(request, "MaxResults", "maxResults", 1, 1000);
        TableState table = named.check(store);
        Predicate<List<String>> filter = values -> true;
        JsonNode expression = request.get("Expression");
        if (expression != null && !expression.isNull() && !expression.asText().isBlank()) {
            filter = PartitionFilter.parse(expression.asText(), table.keyNames(), table.keyTypes());
        }
        int segment = 0;
        int totalSegments = 1;
        JsonNode segmentNode = request.get("Segment");
        if (segmentNode != null && !segmentNode.isNull()) {
            segment = segmentNode.path("SegmentNumber").asInt(0);
            totalSegments = segmentNode.path("TotalSegments").asInt(1);
            if (totalSegments < 1 || totalSegments > 10 || segment < 0 || segment >= totalSegments) {
                throw GlueException.invalidInput("Invalid segment " + segment + " of " + totalSegments
                        + ": TotalSegments must be 1 to 10 and SegmentNumber below it");
            }
        }
        boolean excludeColumns = request.path("ExcludeColumnSchema").asBoolean(false);
        List<JsonNode> selected = new ArrayList<>();
        int index = 0;
        for (Map.Entry<List<String>, ObjectNode> entry : table.partitions.entrySet()) {
            if (index++ % totalSegments == segment && filter.test(entry.getKey())) {
                ObjectNode partition = entry.getValue().deepCopy();
                if (excludeColumns && partition.get("StorageDescriptor") instanceof ObjectNode sd) {
                    sd.remove("Columns");
                }
                selected.add(partition);
            }
        }
        return page(json, selected, request, 1000, "Partitions");
    }

    ObjectNode batchGetPartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode wanted = constraints.required(request, "PartitionsToGet", "partitionsToGet");
        constraints.listSize(wanted, "partitionsToGet", 0, MAX_BATCH_GET);
        TableState table = named.check(store);
        ArrayNode partitions = json.createArrayNode();
        for (JsonNode entry : wanted) {
            ObjectNode partition = table.partitions.get(partitionValues(table, entry.get("Values")));
            if (partition != null) {
                partitions.add(partition.deepCopy());
            }
        }
        ObjectNode response = json.createObjectNode();
        response.set("Partitions", partitions);
        response.set("UnprocessedKeys", json.createArrayNode());
        return response;
    }

    ObjectNode updatePartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode values = constraints.required(request, "PartitionValueList", "partitionValueList");
        validatePartitionValues(constraints, values, "partitionValueList");
        JsonNode input = constraints.required(request, "PartitionInput", "partitionInput");
        validatePartitionInput(constraints, input, "partitionInput");
        TableState table = named.check(store);
        replacePartition(table, values, input);
        return saved(table);
    }

    /**
     * Replaces partitions, each as UpdatePartition would. A database or table that does not exist fails the request;
     * an entry that cannot be applied (a partition that does not exist, values that do not match the partition keys)
     * is reported in {@code Errors} under its {@code PartitionValueList}, and the others are applied.
     */
    ObjectNode batchUpdatePartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode entries = constraints.required(request, "Entries", "entries");
        constraints.listSize(entries, "entries", 1, MAX_BATCH_UPDATE);
        if (entries != null && entries.isArray() && entries.size() <= MAX_BATCH_UPDATE) {
            for (int i = 0; i < entries.size(); i++) {
                String member = "entries." + (i + 1) + ".member";
                JsonNode values =
                        constraints.required(entries.get(i), "PartitionValueList", member + ".partitionValueList");
                validatePartitionValues(constraints, values, member + ".partitionValueList");
                JsonNode input = constraints.required(entries.get(i), "PartitionInput", member + ".partitionInput");
                validatePartitionInput(constraints, input, member + ".partitionInput");
            }
        }
        TableState table = named.check(store);
        ArrayNode errors = json.createArrayNode();
        boolean changed = false;
        for (JsonNode entry : entries) {
            JsonNode values = entry.get("PartitionValueList");
            try {
                replacePartition(table, values, entry.get("PartitionInput"));
                changed = true;
            } catch (GlueException e) {
                errors.add(partitionError("PartitionValueList", values, e.type(), e.getMessage()));
            }
        }
        return batchAnswer(table, changed, errors, true);
    }

    ObjectNode deletePartition(JsonNode request) {
        TableRequest named = TableRequest.of(request);
        Constraints constraints = named.constraints();
        JsonNode values = constraints.required(request, "PartitionValues", "partitionValues");
        TableState table = named.check(store);
        table.partitions.remove(existingPartitionValues(table, values));
        return saved(table);
    }

    /**
     * Replaces a partition's definition with {@code input}, as Glue's UpdatePartition does: whatever the input leaves
     * out (parameters, storage descriptor) is gone afterwards; the creation time stays. Values in the input that
     * differ from the partition's move it to those values; without values in the input it keeps its own.
     */
    private void replacePartition(TableState table, JsonNode valuesNode, JsonNode input) {
        List<String> values = existingPartitionValues(table, valuesNode);
        ObjectNode existing = table.partitions.get(values);
        JsonNode newValuesNode = input.get("Values");
        List<String> newValues =
                newValuesNode == null || newValuesNode.isNull() ? values : partitionValues(table, newValuesNode);
        if (!newValues.equals(values) && table.partitions.containsKey(newValues)) {
            throw GlueException.alreadyExists("Partition already exists.");
        }
        ObjectNode updated = newPartition(table, input, newValues);
        updated.set("CreationTime", existing.get("CreationTime"));
        if (newValues.equals(values)) {
            table.partitions.put(values, updated);
        } else {
            table.partitions.remove(values);
            table.partitions.put(newValues, updated);
        }
    }

    /** The partition values, which must be those of one of the table's partitions. */
    private List<String> existingPartitionValues(TableState table, JsonNode valuesNode) {
        List<String> values = partitionValues(table, valuesNode);
        if (!table.partitions.containsKey(values)) {
            throw GlueException.entityNotFound("Cannot find partition.");
        }
        return values;
    }

    private List<String> partitionValues(TableState table, JsonNode values) {
        List<String> list = new ArrayList<>();
        if (values != null && values.isArray()) {
            values.forEach(v -> list.add(v.asText()));
        }
        int keys = table.keyNames().size();
        if (list.size() != keys) {
            throw GlueException.invalidInput("The number of partition keys do not match the number of partition"
                    + " values: table " + table.table.get("Name").asText() + " has " + keys + " partition keys but "
                    + list.size() + " values were given");
        }
        return List.copyOf(list);
    }

    private ObjectNode newPartition(TableState table, JsonNode input, List<String> values) {
        ObjectNode partition = ((ObjectNode) input).deepCopy();
        ArrayNode valuesNode = partition.putArray("Values");
        values.forEach(valuesNode::add);
        partition.put("DatabaseName", table.table.get("DatabaseName").asText());
        partition.put("TableName", table.table.get("Name").asText());
        partition.put("CreationTime", GlueStore.now());
        partition.put("CatalogId", GlueStore.CATALOG_ID);
        return partition;
    }

    /** Saves the table's database, changed by an operation whose answer is empty. */
    private ObjectNode saved(TableState table) {
        store.save(table.databaseName());
        return json.createObjectNode();
    }

    /**
     * A batch's answer: saves the table's database if the batch changed it, and lists the entries that failed in
     * {@code Errors} (only when some did, unless {@code listNone}, as the operation's answer has it).
     */
    private ObjectNode batchAnswer(TableState table, boolean changed, ArrayNode errors, boolean listNone) {
        if (changed) {
            store.save(table.databaseName());
        }
        ObjectNode response = json.createObjectNode();
        if (listNone || !errors.isEmpty()) {
            response.set("Errors", errors);
        }
        return response;
    }

    /** An entry of a batch's {@code Errors}: the partition's values under {@code member}, and what went wrong. */
    private ObjectNode partitionError(String member, JsonNode values, String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.set(member, values == null ? json.createArrayNode() : values.deepCopy());
        ObjectNode detail = error.putObject("ErrorDetail");
        detail.put("ErrorCode", code);
        detail.put("ErrorMessage", message);
        return error;
    }
}
