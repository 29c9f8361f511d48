package dev.tributary.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tributary.infra.template.Template;
import dev.tributary.infra.template.TemplateValidator;
import dev.tributary.poller.PollRequest;
import dev.tributary.poller.metrics.PollMetrics;

/**
 * template.yaml, validated offline: the checks pass on the template as it is, and each fails when the template
 * loses what a deployment needs.
 */
class TemplateTest {

    @Test
    void shouldReadTheTemplateWithItsShortFormIntrinsicFunctions() {
        Map<String, Object> root = Repository.template();

        assertThat(path(root, "Globals", "Function", "Runtime")).isInstanceOf(Map.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("Fn::If");
        assertThat(path(root, "Resources", "PollerFunction", "Properties", "Role"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("PollerRole", "Arn")));
        Template template = Template.of(root, Repository.DEPLOYMENT);
        assertThat(template.resources("AWS::Lambda::EventSourceMapping")).containsKeys(
                "SinkMappingpagilapublicaddress", "SinkMappingpagilaquery");
    }

    @Test
    void shouldPassEveryOfflineCheck() {
        assertThat(validate(Repository.template())).isEmpty();
    }

    @Test
    void shouldFailWhenAPermissionTheCodeNeedsIsRemoved() {
        Map<String, Object> root = mutated(r -> statement(r, "PollerRole", "HighWaterMarksAndLeases")
                .put("Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("PollerFunction")
                .contains("does not allow dynamodb:UpdateItem").contains("DynamoDbStateStore"));
    }

    @Test
    void shouldFailWhenASinkTopicsReadPermissionIsRemoved() {
        Map<String, Object> root = mutated(r -> {
            List<Object> loop = cast(path(r, "Resources", "Fn::ForEach::SinkTopic"));
            map(loop.get(2)).remove("SinkTopicRead&{Topic}");
            map(path(loop.get(2), "SinkMapping&{Topic}")).remove("DependsOn");
        });

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("SinkFunction")
                .contains("does not allow kafka-cluster:ReadData"));
    }

    @Test
    void shouldFailWhenTheHandlerIsRemoved() {
        Map<String, Object> root = mutated(r -> map(path(r, "Globals", "Function")).remove("Handler"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("has no Handler"));
    }

    @Test
    void shouldFailWhenTheHandlerClassIsNotInThePackage() {
        Map<String, Object> root = mutated(r -> map(path(r, "Globals", "Function")).put("Handler",
                Map.of("Fn::If", List.of("IsNative", "not.used", "io.quarkus.amazon.lambda.runtime.Missing::handleRequest"))));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("Handler class")
                .contains("io.quarkus.amazon.lambda.runtime.Missing"));
    }

    @Test
    void shouldFailWhenAFunctionsPackageDoesNotExist() {
        Map<String, Object> root = mutated(r -> map(path(r, "Resources", "SinkFunction", "Properties"))
                .put("CodeUri", "sink-function/target/missing.zip"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("SinkFunction's CodeUri")
                .contains("does not exist"));
    }

    @Test
    void shouldFailOnWildcardActionsAndResources() {
        Map<String, Object> root = mutated(r -> statements(r, "CatalogRole").add(new LinkedHashMap<>(Map.of(
                "Sid", "Everything", "Effect", "Allow", "Action", "s3:*", "Resource", "*"))));

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p).contains("Everything allows the wildcard action s3:*"))
                .anySatisfy(p -> assertThat(p).contains("Everything allows [s3:*] on every resource"));
    }

    @Test
    void shouldFailOnAPermissionNothingNeeds() {
        Map<String, Object> root = mutated(r -> statement(r, "PollerRole", "HighWaterMarksAndLeases").put("Action",
                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "dynamodb:Scan")));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("allows dynamodb:Scan, which nothing"));
    }

    @Test
    void shouldFailWhenAnEnvironmentVariableIsNoSetting() {
        Map<String, Object> root = mutated(r -> map(path(r, "Resources", "PollerFunction", "Properties",
                "Environment", "Variables")).put("TRIBUTARY_POLER_MAX_DURATION", "30s"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("TRIBUTARY_POLER_MAX_DURATION is no setting"));
    }

    @Test
    void shouldFailWhenAVariableThePipelinesNeedIsNotSet() {
        Map<String, Object> root = mutated(r -> map(path(r, "Globals", "Function", "Environment", "Variables"))
                .remove("TRIBUTARY_LAKE_BUCKET"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("does not set TRIBUTARY_LAKE_BUCKET"));
    }

    @Test
    void shouldFailOnAnInvalidParameterDefault() {
        Map<String, Object> root = mutated(r -> map(path(r, "Parameters", "SinkBatchSize"))
                .put("Default", 20000));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("SinkBatchSize's default '20000'")
                .contains("above MaxValue"));
    }

    @Test
    void shouldAlarmOnTheLagMetricThePollerPublishes() {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, Object> alarm = map(template.evaluate(template.properties("PollerLagAlarm")));
        Map<String, Object> variables = map(path(template.evaluate(template.properties("PollerFunction")),
                "Environment", "Variables"));

        assertThat(alarm.get("MetricName")).isEqualTo(PollMetrics.LAG);
        assertThat(alarm.get("Namespace")).isEqualTo(variables.get("TRIBUTARY_METRICS_NAMESPACE"));
        assertThat(template.resources("AWS::CloudWatch::Alarm")).containsKeys("PollerErrorsAlarm",
                "SinkErrorsAlarm", "CatalogErrorsAlarm", "PollerThrottlesAlarm", "SinkThrottlesAlarm",
                "CatalogThrottlesAlarm");
    }

    @Test
    void shouldScheduleThePollerWithAnInputItTakesForAScheduledPoll() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String sources : List.of("", "pagila.public.,pagila.query")) {
            Map<String, String> values = new LinkedHashMap<>(Repository.DEPLOYMENT);
            values.put("PollerSources", sources);
            Template template = Template.of(Repository.template(), values);
            String input = (String) path(template.evaluate(template.properties("PollerFunction")),
                    "Events", "Schedule", "Properties", "Input");

            PollRequest request = json.readValue(input, PollRequest.class);

            assertThat(request.scheduled()).as(input).isTrue();
            assertThat(request.sources()).isEqualTo(sources.isEmpty() ? List.of() : List.of(sources.split(",")));
        }
    }

    private static List<String> validate(Map<String, Object> root) {
        return new TemplateValidator(Repository.root(), root, Repository.DEPLOYMENT, Repository.SETTINGS).problems();
    }

    private static Map<String, Object> mutated(Consumer<Map<String, Object>> change) {
        Map<String, Object> root = map(deepCopy(Repository.template()));
        change.accept(root);
        return root;
    }

    private static Map<String, Object> statement(Map<String, Object> root, String role, String sid) {
        return statements(root, role).stream().map(s -> map(s)).filter(s -> sid.equals(s.get("Sid")))
                .findFirst().orElseThrow();
    }

    private static List<Object> statements(Map<String, Object> root, String role) {
        List<Object> policies = cast(path(root, "Resources", role, "Properties", "Policies"));
        return cast(path(policies.get(0), "PolicyDocument", "Statement"));
    }

    private static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }
}
