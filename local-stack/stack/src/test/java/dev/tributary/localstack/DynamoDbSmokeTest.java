package dev.tributary.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(LocalStackExtension.class)
class DynamoDbSmokeTest {

    @Test
    void shouldRejectAConditionalWriteWhoseConditionFails(LocalStack stack) {
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(stack.dynamoDb())) {
            dynamo.createTable(b -> b.tableName("smoke_marks")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("source").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("source").keyType(KeyType.HASH)));
            Map<String, AttributeValue> item = Map.of(
                    "source", AttributeValue.fromS("pagila.public.address"),
                    "version", AttributeValue.fromN("1"));

            dynamo.putItem(b -> b.tableName("smoke_marks")
                    .item(item)
                    .conditionExpression("attribute_not_exists(#s)")
                    .expressionAttributeNames(Map.of("#s", "source")));

            assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName("smoke_marks")
                            .item(item)
                            .conditionExpression("attribute_not_exists(#s)")
                            .expressionAttributeNames(Map.of("#s", "source"))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName("smoke_marks")
                            .key(Map.of("source", AttributeValue.fromS("pagila.public.address")))
                            .updateExpression("SET version = :next")
                            .conditionExpression("version = :expected")
                            .expressionAttributeValues(Map.of(
                                    ":next", AttributeValue.fromN("3"), ":expected", AttributeValue.fromN("2")))))
                    .isInstanceOf(ConditionalCheckFailedException.class);
            assertThat(dynamo.getItem(b -> b.tableName("smoke_marks")
                                    .consistentRead(true)
                                    .key(Map.of("source", AttributeValue.fromS("pagila.public.address"))))
                            .item()
                            .get("version")
                            .n())
                    .isEqualTo("1");
        }
    }
}
