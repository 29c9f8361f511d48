package dev.tributary.poller.state;

import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.poller.capture.Watermark;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The state store on DynamoDB. Items, keyed by the string attribute {@code pk}:
 * <ul>
 * <li>{@code mark#<source>#<relation>}: {@code columns} and {@code position} (lists of strings), {@code version},
 * {@code updated_at};</li>
 * <li>{@code lease#<source>}: {@code owner}, {@code expires_at} (epoch milliseconds);</li>
 * <li>{@code state#<source>#<name>}: {@code data} (binary), {@code version}, {@code updated_at}.</li>
 * </ul>
 * Reads are strongly consistent; every write is conditional. SDK exceptions are translated here.
 */
public final class DynamoDbStateStore implements StateStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<StoredMark> readMark(String source, String relation) {
        GetItemResponse response = call(
                "read the high-water mark of " + source + " " + relation,
                () -> dynamo.getItem(
                        b -> b.tableName(table).consistentRead(true).key(key(markKey(source, relation)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        List<String> columns =
                item.get("columns").l().stream().map(AttributeValue::s).toList();
        List<String> values = item.get("position").l().stream()
                .map(v -> Boolean.TRUE.equals(v.nul()) ? null : v.s())
                .toList();
        return Optional.of(new StoredMark(
                new Watermark(columns, values),
                Long.parseLong(item.get("version").n())));
    }

    @Override
    public long writeMark(String source, String relation, Watermark mark, long expectedVersion) {
        long next = expectedVersion + 1;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":columns", strings(mark.columns()));
        values.put(":position", strings(mark.values()));
        values.put(":next", AttributeValue.fromN(Long.toString(next)));
        values.put(":now", AttributeValue.fromS(Instant.now().toString()));
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(pk)";
        } else {
            condition = "version = :expected";
            values.put(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        try {
            call(
                    "write the high-water mark of " + source + " " + relation,
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(markKey(source, relation)))
                            .updateExpression("SET #columns = :columns, #position = :position, version = :next,"
                                    + " updated_at = :now")
                            .conditionExpression(condition)
                            .expressionAttributeNames(Map.of("#columns", "columns", "#position", "position"))
                            .expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException e) {
            throw new MarkConflictException("Cannot move the high-water mark of " + source + " " + relation
                    + " because another invocation moved it since this one read it (expected version "
                    + expectedVersion + "); this invocation stops polling the source");
        }
        return next;
    }

    @Override
    public void deleteMark(String source, String relation) {
        call(
                "reset the high-water mark of " + source + " " + relation,
                () -> dynamo.deleteItem(b -> b.tableName(table).key(key(markKey(source, relation)))));
    }

    @Override
    public LeaseOutcome acquireLease(String source, String owner, Instant now, Instant until) {
        try {
            call(
                    "take the lease of " + source,
                    () -> dynamo.putItem(b -> b.tableName(table)
                            .item(Map.of(
                                    "pk", AttributeValue.fromS(leaseKey(source)),
                                    "owner", AttributeValue.fromS(owner),
                                    "expires_at", AttributeValue.fromN(Long.toString(until.toEpochMilli())),
                                    "acquired_at", AttributeValue.fromS(now.toString())))
                            .conditionExpression("attribute_not_exists(pk) OR expires_at < :now OR #owner = :me")
                            .expressionAttributeNames(Map.of("#owner", "owner"))
                            .expressionAttributeValues(Map.of(
                                    ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                                    ":me", AttributeValue.fromS(owner)))));
            return LeaseOutcome.granted();
        } catch (ConditionalCheckFailedException e) {
            GetItemResponse holder = call(
                    "read the lease of " + source,
                    () -> dynamo.getItem(
                            b -> b.tableName(table).consistentRead(true).key(key(leaseKey(source)))));
            if (!holder.hasItem() || holder.item().isEmpty()) {
                return acquireLease(source, owner, now, until);
            }
            return LeaseOutcome.heldBy(
                    holder.item().get("owner").s(),
                    Instant.ofEpochMilli(
                            Long.parseLong(holder.item().get("expires_at").n())));
        }
    }

    @Override
    public void releaseLease(String source, String owner) {
        try {
            call(
                    "release the lease of " + source,
                    () -> dynamo.deleteItem(b -> b.tableName(table)
                            .key(key(leaseKey(source)))
                            .conditionExpression("#owner = :me")
                            .expressionAttributeNames(Map.of("#owner", "owner"))
                            .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner)))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it now (ours expired): nothing to give up.
        }
    }

    @Override
    public Optional<StoredBlob> readBlob(String source, String name) {
        GetItemResponse response = call(
                "read state " + name + " of " + source,
                () -> dynamo.getItem(
                        b -> b.tableName(table).consistentRead(true).key(key(blobKey(source, name)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        return Optional.of(new StoredBlob(
                item.get("data").b().asByteArray(),
                Long.parseLong(item.get("version").n())));
    }

    @Override
    public long writeBlob(String source, String name, byte[] data, long expectedVersion) {
        if (data.length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("Cannot store state " + name + " of " + source + " because it has "
                    + data.length + " bytes, more than " + MAX_BLOB_BYTES);
        }
        long next = Math.max(expectedVersion, 0) + 1;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":data", AttributeValue.fromB(SdkBytes.fromByteArray(data)));
        values.put(":next", AttributeValue.fromN(Long.toString(next)));
        values.put(":now", AttributeValue.fromS(Instant.now().toString()));
        String condition = null;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(pk)";
        } else if (expectedVersion > 0) {
            condition = "version = :expected";
            values.put(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        String when = condition;
        try {
            call(
                    "write state " + name + " of " + source,
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(blobKey(source, name)))
                            .updateExpression("SET #data = :data, version = :next, updated_at = :now")
                            .conditionExpression(when)
                            .expressionAttributeNames(Map.of("#data", "data"))
                            .expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException e) {
            throw new MarkConflictException("Cannot write state " + name + " of " + source + " because another"
                    + " invocation wrote it since this one read it (expected version " + expectedVersion + ")");
        }
        return next;
    }

    @Override
    public void deleteBlob(String source, String name) {
        call(
                "remove state " + name + " of " + source,
                () -> dynamo.deleteItem(b -> b.tableName(table).key(key(blobKey(source, name)))));
    }

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (ResourceNotFoundException e) {
            throw new StateStoreException(
                    Kind.PERMANENT,
                    "Cannot " + what + " because DynamoDB table " + table
                            + " does not exist; create it (partition key pk, a string) or set state.table",
                    e);
        } catch (SdkException e) {
            throw new StateStoreException(
                    AwsFailures.kind(e),
                    "Cannot " + what + " in DynamoDB table " + table
                            + " because " + AwsFailures.describe(e)
                            + (AwsFailures.accessDenied(e)
                                    ? "; allow the poller's"
                                            + " role dynamodb:GetItem, PutItem, UpdateItem and DeleteItem on it"
                                    : ""),
                    e);
        }
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private static String markKey(String source, String relation) {
        return "mark#" + source + "#" + relation;
    }

    private static String blobKey(String source, String name) {
        return "state#" + source + "#" + name;
    }

    private static String leaseKey(String source) {
        return "lease#" + source;
    }

    private static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream()
                .map(v -> v == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(v))
                .toList());
    }
}
