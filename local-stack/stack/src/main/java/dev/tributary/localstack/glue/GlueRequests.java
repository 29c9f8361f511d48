package dev.tributary.localstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.localstack.glue.GlueStore.TableState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The parts of Glue's requests and answers that several operations share: the input rules of tables, columns and
 * partitions (as the API model states them), the database and table a request names, and paging.
 */
final class GlueRequests {

    /** Glue's BoundedPartitionValueList: at most 100 values. */
    static final int MAX_PARTITION_VALUES = 100;

    private GlueRequests() {}

    /**
     * The table a request names with {@code DatabaseName} and a table member, and the constraints that checked them.
     */
    record TableRequest(Constraints constraints, String database, String table) {

        /** A request naming its table with {@code DatabaseName} and {@code TableName}, as partition operations do. */
        static TableRequest of(JsonNode request) {
            return of(request, "TableName", "tableName");
        }

        static TableRequest of(JsonNode request, String member, String path) {
            Constraints constraints = new Constraints();
            String database = constraints.name(request, "DatabaseName", "databaseName");
            return new TableRequest(constraints, database, constraints.name(request, member, path));
        }

        /** Checks every constraint of the request, then looks the table up. */
        TableState check(GlueStore store) {
            constraints.check();
            return store.table(database, table);
        }
    }

    static String validateTableInput(Constraints constraints, JsonNode input) {
        String name = constraints.name(input, "Name", "tableInput.name");
        constraints.optionalLength(input, "Description", "tableInput.description", 2048);
        constraints.optionalSingleLine(input, "Owner", "tableInput.owner", 255);
        constraints.optionalSingleLine(input, "TableType", "tableInput.tableType", 255);
        constraints.optionalLength(input, "ViewOriginalText", "tableInput.viewOriginalText", 409600);
        constraints.optionalLength(input, "ViewExpandedText", "tableInput.viewExpandedText", 409600);
        if (input != null) {
            validateColumns(
                    constraints,
                    input.path("StorageDescriptor").get("Columns"),
                    "tableInput.storageDescriptor.columns");
            validateColumns(constraints, input.get("PartitionKeys"), "tableInput.partitionKeys");
            constraints.optionalLength(
                    input.get("StorageDescriptor"), "Location", "tableInput.storageDescriptor.location", 2056);
        }
        return name;
    }

    static void validatePartitionInput(Constraints constraints, JsonNode input, String path) {
        if (input == null) {
            return;
        }
        JsonNode values = input.get("Values");
        constraints.listSize(values, path + ".values", 0, 100);
        if (values != null && values.isArray()) {
            valueLengths(constraints, values, path + ".values");
        }
        constraints.optionalLength(
                input.get("StorageDescriptor"), "Location", path + ".storageDescriptor.location", 2056);
        validateColumns(
                constraints, input.path("StorageDescriptor").get("Columns"), path + ".storageDescriptor.columns");
    }

    static void validatePartitionValues(Constraints constraints, JsonNode values, String path) {
        constraints.listSize(values, path, 0, MAX_PARTITION_VALUES);
        if (values != null && values.isArray() && values.size() <= MAX_PARTITION_VALUES) {
            valueLengths(constraints, values, path);
        }
    }

    private static void valueLengths(Constraints constraints, JsonNode values, String path) {
        for (int i = 0; i < values.size(); i++) {
            constraints.length(values.get(i), path + "." + (i + 1) + ".member", 1024);
        }
    }

    private static void validateColumns(Constraints constraints, JsonNode columns, String path) {
        if (columns == null || !columns.isArray()) {
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            String member = path + "." + (i + 1) + ".member";
            constraints.name(columns.get(i), "Name", member + ".name");
            constraints.optionalLength(columns.get(i), "Type", member + ".type", 131072);
            constraints.optionalLength(columns.get(i), "Comment", member + ".comment", 255);
            constraints.optionalSingleLine(columns.get(i), "Comment", member + ".comment", 255);
        }
    }

    /** One page of a list, from the request's {@code NextToken}, with the next page's token if there is one. */
    static ObjectNode page(ObjectMapper json, List<JsonNode> items, JsonNode request, int defaultSize, String name) {
        int size = request.path("MaxResults").asInt(defaultSize);
        int offset = 0;
        JsonNode token = request.get("NextToken");
        if (token != null && !token.isNull() && !token.asText().isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8);
                offset = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw GlueException.invalidInput("Invalid pagination token '" + token.asText() + "'");
            }
        }
        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray(name);
        int end = Math.min(items.size(), offset + size);
        for (int i = offset; i < end; i++) {
            list.add(items.get(i).deepCopy());
        }
        if (end < items.size()) {
            response.put(
                    "NextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }
}
