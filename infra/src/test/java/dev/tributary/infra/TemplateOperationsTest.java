package dev.tributary.infra;

import static dev.tributary.infra.TemplateNodes.cast;
import static dev.tributary.infra.TemplateNodes.map;
import static dev.tributary.infra.TemplateNodes.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.infra.template.Template;
import dev.tributary.infra.template.TemplateValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What keeps the deployed pipeline from stalling unseen: the mappings wait for their permission, retry a failing batch
 * a bounded number of times and report it, every topic's lag and every undeliverable event raises an alarm, and
 * manual invokes reach the live alias.
 */
class TemplateOperationsTest {

    private static final Map<String, String> JVM_BUILD = with(Repository.DEPLOYMENT, "FunctionRuntime", "jvm");
    private static final List<String> SCHEDULES_EVENTBRIDGE_TAKES = List.of(
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "cron(0/5 * * * ? *)",
            "cron(0 3 ? * MON-FRI *)");
    private static final List<String> SCHEDULES_EVENTBRIDGE_REFUSES = List.of(
            "rate(1 minutes)",
            "rate(2 minute)",
            "rate(0 minutes)",
            "rate(01 minutes)",
            "rate(5 mins)",
            "cron(0 12 * * ?)",
            "cron()",
            "every 5 minutes");

    @Test
    void shouldStartEachMappingAfterThePolicyThatLetsItReadItsTopic() {
        Template template = template(JVM_BUILD);
        Map<String, Map<String, Object>> mappings = template.resources("AWS::Lambda::EventSourceMapping");
        String readable =
                String.valueOf(path(policyStatements(template, "SinkTopicsRead").get(0), "Resource"));

        assertThat(mappings).hasSize(topics(template).size());
        mappings.forEach((id, mapping) -> {
            String topic = topic(template, id);
            assertThat(mapping.get("DependsOn")).as(id).isEqualTo("SinkTopicsRead");
            assertThat(glob(readable).matcher(topicArn(topic)).matches())
                    .as("%s may read %s", readable, topic)
                    .isTrue();
        });
        assertThat(template.resources().get("SinkTopicsRead").get("Type")).isEqualTo("AWS::IAM::RolePolicy");
    }

    @Test
    void shouldBoundRetriesOfAFailingBatchAndReportItToTheLake() {
        Template bounded = template(JVM_BUILD);
        Template onDemand = template(with(JVM_BUILD, "SinkMaximumRetryAttempts", "-1"));
        String lake = bounded.string(Map.of("Fn::GetAtt", List.of("LakeBucket", "Arn")));

        for (String id : bounded.resources("AWS::Lambda::EventSourceMapping").keySet()) {
            Map<String, Object> mapping = map(bounded.evaluate(bounded.properties(id)));
            assertThat(mapping).as(id).containsEntry("MaximumRetryAttempts", "10");
            assertThat(map(mapping.get("ProvisionedPollerConfig")))
                    .containsEntry("MinimumPollers", "1")
                    .containsEntry("MaximumPollers", "2");
            assertThat(path(mapping, "DestinationConfig", "OnFailure", "Destination"))
                    .isEqualTo(lake);
            assertThat(mapping).doesNotContainKey("MaximumRecordAgeInSeconds");

            Map<String, Object> unbounded = map(onDemand.evaluate(onDemand.properties(id)));
            assertThat(unbounded).doesNotContainKeys("MaximumRetryAttempts", "ProvisionedPollerConfig");
        }
    }

    @Test
    void shouldAlarmOnEachTopicsLagAndOnTheSinksOwnOffsetLag() {
        Template template = template(JVM_BUILD);
        String cluster = "tributary";
        for (String topic : topics(template)) {
            Map<String, Object> alarm = map(
                    template.evaluate(template.properties("SinkLag" + topic.replaceAll("[^A-Za-z0-9]", "") + "Alarm")));

            assertThat(alarm)
                    .containsEntry("Namespace", "AWS/Kafka")
                    .containsEntry("MetricName", "MaxOffsetLag")
                    .containsEntry("Threshold", "10000")
                    .containsEntry("TreatMissingData", "notBreaching");
            assertThat(dimensions(alarm))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "Cluster Name", cluster, "Consumer Group", "tributary-sink-" + topic, "Topic", topic));
        }
        Map<String, Object> mappingLag = map(template.evaluate(template.properties("SinkOffsetLagAlarm")));
        assertThat(mappingLag).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "OffsetLag");
        assertThat(dimensions(mappingLag))
                .containsExactlyEntriesOf(Map.of("FunctionName", template.string(Map.of("Ref", "SinkFunction"))));
    }

    @Test
    void shouldAlarmWhenAMappingWritesAFailedBatchToTheLake() {
        Template template = template(JVM_BUILD);
        Map<String, Object> alarm = map(template.evaluate(template.properties("SinkFailedBatchesAlarm")));
        List<Object> filters =
                cast(template.evaluate(template.properties("LakeBucket").get("MetricsConfigurations")));
        Map<String, String> dimensions = dimensions(alarm);

        assertThat(alarm)
                .containsEntry("Namespace", "AWS/S3")
                .containsEntry("MetricName", "PutRequests")
                .containsEntry("Threshold", "1");
        assertThat(dimensions).containsEntry("BucketName", template.string(Map.of("Ref", "LakeBucket")));
        assertThat(filters)
                .anySatisfy(f -> assertThat(map(f))
                        .containsEntry("Id", dimensions.get("FilterId"))
                        .containsEntry("Prefix", "aws/lambda/"));
    }

    @Test
    void shouldDeadLetterScheduledEventsTheRulesCannotDeliverAndAlarmOnThem() {
        Template template = template(JVM_BUILD);
        String queue = template.string(Map.of("Fn::GetAtt", List.of("ScheduleDeadLetterQueue", "Arn")));
        List<Object> queueStatements = cast(path(
                template.evaluate(template.properties("ScheduleDeadLetterQueuePolicy")),
                "PolicyDocument",
                "Statement"));
        Map<String, Object> alarm = map(template.evaluate(template.properties("ScheduleDeadLetterAlarm")));

        for (String[] rule : new String[][] {
            {"PollerScheduleRule", "PollerFunction", "PollerSchedulePermission"},
            {"IcebergMaintenanceRule", "SinkFunction", "IcebergMaintenancePermission"}
        }) {
            String ruleArn = template.string(Map.of("Fn::GetAtt", List.of(rule[0], "Arn")));
            String alias = template.string(Map.of("Ref", rule[1] + ".Alias"));
            Map<String, Object> target = map(((List<?>)
                            map(template.evaluate(template.properties(rule[0]))).get("Targets"))
                    .get(0));
            Map<String, Object> permission = map(template.evaluate(template.properties(rule[2])));

            assertThat(target).containsEntry("Arn", alias);
            assertThat(path(target, "DeadLetterConfig", "Arn")).isEqualTo(queue);
            assertThat(permission).containsEntry("FunctionName", alias).containsEntry("SourceArn", ruleArn);
            assertThat(TemplateNodes.<List<Object>>cast(
                            path(queueStatements.get(0), "Condition", "ArnEquals", "aws:SourceArn")))
                    .contains(ruleArn);
        }
        assertThat(path(queueStatements.get(0), "Principal", "Service")).isEqualTo("events.amazonaws.com");
        assertThat(dimensions(alarm))
                .containsEntry(
                        "QueueName",
                        template.string(Map.of("Fn::GetAtt", List.of("ScheduleDeadLetterQueue", "QueueName"))));
    }

    @Test
    void shouldRefuseScheduleExpressionsEventBridgeRefuses() {
        for (String parameter : List.of("PollerSchedule", "IcebergMaintenanceSchedule")) {
            Pattern allowed = Pattern.compile(
                    String.valueOf(path(Repository.template(), "Parameters", parameter, "AllowedPattern")));
            assertMatches(allowed, parameter, SCHEDULES_EVENTBRIDGE_TAKES, true);
            assertMatches(allowed, parameter, SCHEDULES_EVENTBRIDGE_REFUSES, false);
        }
        assertThat(new TemplateValidator(
                                Repository.root(),
                                Repository.template(),
                                with(JVM_BUILD, "PollerSchedule", "rate(1 minutes)"),
                                Repository.SETTINGS)
                        .problems())
                .anySatisfy(p -> assertThat(p).contains("PollerSchedule").contains("does not match AllowedPattern"));
    }

    @Test
    void shouldOutputTheLiveAliasesForManualInvokes() {
        Template template = template(JVM_BUILD);
        Map<String, Object> outputs = map(Repository.template().get("Outputs"));

        for (String function : List.of("Poller", "Sink", "Catalog")) {
            Object value = template.evaluate(path(outputs, function + "FunctionAlias", "Value"));
            assertThat(value).as(function).isEqualTo(template.string(Map.of("Ref", function + "Function")) + ":live");
        }
        assertThat(Repository.read("infra/README.md"))
                .contains("output PollerFunctionAlias")
                .contains("output CatalogFunctionAlias")
                .doesNotContain("output PollerFunctionName");
    }

    @Test
    void shouldLimitEveryListingOfTheLakeBucketToAPrefix() {
        Template template = template(JVM_BUILD);
        String lake = template.string(Map.of("Fn::GetAtt", List.of("LakeBucket", "Arn")));
        for (String role : List.of("PollerRole", "SinkRole", "CatalogRole")) {
            for (Object statement : policyStatements(template, role)) {
                Map<String, Object> s = map(statement);
                if (String.valueOf(s.get("Action")).contains("s3:ListBucket") && lake.equals(s.get("Resource"))) {
                    assertThat(String.valueOf(s.get("Condition")))
                            .as("%s %s", role, s.get("Sid"))
                            .contains("s3:prefix");
                }
            }
        }
    }

    @Test
    void shouldVersionAndLogTheLakeBucketOnlyWhenAsked() {
        Template plain = template(JVM_BUILD);
        Template kept =
                template(with(with(JVM_BUILD, "LakeBucketVersioning", "ENABLED"), "LakeAccessLogging", "ENABLED"));
        Template suspended = template(with(JVM_BUILD, "LakeBucketVersioning", "SUSPENDED"));

        assertThat(map(plain.evaluate(plain.properties("LakeBucket"))))
                .doesNotContainKeys("VersioningConfiguration", "LoggingConfiguration");
        assertThat(plain.condition("LogsLakeAccess")).isFalse();
        Map<String, Object> bucket = map(kept.evaluate(kept.properties("LakeBucket")));
        assertThat(path(bucket, "VersioningConfiguration", "Status")).isEqualTo("Enabled");
        assertThat(path(bucket, "LoggingConfiguration", "DestinationBucketName"))
                .isEqualTo(kept.string(Map.of("Ref", "LakeAccessLogBucket")));
        assertThat(kept.condition("LogsLakeAccess")).isTrue();
        assertThat(path(suspended.evaluate(suspended.properties("LakeBucket")), "VersioningConfiguration", "Status"))
                .isEqualTo("Suspended");
        Map<String, Object> logDelivery = map(((List<?>) path(
                        kept.evaluate(kept.properties("LakeAccessLogBucketPolicy")), "PolicyDocument", "Statement"))
                .get(0));
        assertThat(path(logDelivery, "Principal", "Service")).isEqualTo("logging.s3.amazonaws.com");
        assertThat(path(logDelivery, "Condition", "ArnLike", "aws:SourceArn"))
                .isEqualTo(kept.string(Map.of("Fn::GetAtt", List.of("LakeBucket", "Arn"))));
        assertThat(new TemplateValidator(
                                Repository.root(),
                                Repository.template(),
                                with(
                                        with(
                                                with(JVM_BUILD, "LakeBucketVersioning", "ENABLED"),
                                                "LakeAccessLogging",
                                                "ENABLED"),
                                        "SinkMaximumRetryAttempts",
                                        "-1"),
                                Repository.SETTINGS)
                        .problems())
                .isEmpty();
    }

    /** Whether each expression matches the parameter's allowed pattern is as {@code matches} says. */
    private static void assertMatches(Pattern allowed, String parameter, List<String> expressions, boolean matches) {
        for (String expression : expressions) {
            assertThat(allowed.matcher(expression).matches())
                    .as("%s %s", parameter, expression)
                    .isEqualTo(matches);
        }
    }

    private static Template template(Map<String, String> values) {
        return Template.of(Repository.template(), values);
    }

    private static List<String> topics(Template template) {
        return template.strings(Map.of("Ref", "SinkTopics"));
    }

    private static String topic(Template template, String mapping) {
        List<Object> topics =
                cast(map(template.evaluate(template.properties(mapping))).get("Topics"));
        assertThat(topics).hasSize(1);
        return String.valueOf(topics.get(0));
    }

    private static String topicArn(String topic) {
        String[] cluster = Repository.DEPLOYMENT.get("MskClusterArn").split(":cluster/", 2);
        return cluster[0] + ":topic/" + cluster[1] + "/" + topic;
    }

    private static Pattern glob(String resource) {
        return Pattern.compile(Pattern.quote(resource).replace("*", "\\E.*\\Q"));
    }

    private static List<Object> policyStatements(Template template, String resource) {
        Map<String, Object> properties = map(template.evaluate(template.properties(resource)));
        Object document = properties.containsKey("Policies")
                ? map(((List<?>) properties.get("Policies")).get(0)).get("PolicyDocument")
                : properties.get("PolicyDocument");
        return cast(map(document).get("Statement"));
    }

    private static Map<String, String> dimensions(Map<String, Object> alarm) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (Object dimension : (List<?>) alarm.get("Dimensions")) {
            dimensions.put(
                    String.valueOf(map(dimension).get("Name")),
                    String.valueOf(map(dimension).get("Value")));
        }
        return dimensions;
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, value);
        return changed;
    }
}
