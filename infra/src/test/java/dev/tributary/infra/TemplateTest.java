package dev.tributary.infra;

import static dev.tributary.infra.TemplateNodes.cast;
import static dev.tributary.infra.TemplateNodes.map;
import static dev.tributary.infra.TemplateNodes.mutated;
import static dev.tributary.infra.TemplateNodes.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.infra.template.Template;
import dev.tributary.infra.template.TemplateValidator;
import dev.tributary.poller.PollRequest;
import dev.tributary.poller.metrics.PollMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * template.yaml, validated offline: the checks pass on the template as it is, and each fails when the template
 * loses what a deployment needs.
 */
class TemplateTest {

    /** What ./mvnw verify builds: JVM packages, so the deployment these checks stand for is FunctionRuntime=jvm. */
    private static final Map<String, String> JVM_BUILD = with(Repository.DEPLOYMENT, "FunctionRuntime", "jvm");

    private static final String SECRET_KEY =
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Test
    void shouldReadTheTemplateWithItsShortFormIntrinsicFunctions() {
        Map<String, Object> root = Repository.template();

        assertThat(path(root, "Globals", "Function", "Runtime"))
                .isInstanceOf(Map.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKey("Fn::If");
        assertThat(path(root, "Resources", "PollerFunction", "Properties", "Role"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("PollerRole", "Arn")));
        Template template = Template.of(root, Repository.DEPLOYMENT);
        assertThat(template.resources("AWS::Lambda::EventSourceMapping"))
                .containsKeys("SinkMappingpagilapublicaddress", "SinkMappingpagilaquery");
    }

    @Test
    void shouldPassEveryOfflineCheck() {
        assertThat(validate(Repository.template())).isEmpty();
    }

    @Test
    void shouldFailWhenAPermissionTheCodeNeedsIsRemoved() {
        Map<String, Object> root = mutated(r -> statement(r, "PollerRole", "HighWaterMarksAndLeases")
                .put("Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")));

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerFunction")
                        .contains("does not allow dynamodb:UpdateItem")
                        .contains("DynamoDbStateStore"));
    }

    @Test
    void shouldFailWhenASinkTopicsReadPermissionIsRemoved() {
        Map<String, Object> root = mutated(r -> {
            map(r.get("Resources")).remove("SinkTopicsRead");
            List<Object> loop = cast(path(r, "Resources", "Fn::ForEach::SinkTopic"));
            map(path(loop.get(2), "SinkMapping&{Topic}")).remove("DependsOn");
        });

        assertThat(validate(root))
                .anySatisfy(
                        p -> assertThat(p).contains("SinkFunction").contains("does not allow kafka-cluster:ReadData"));
    }

    @Test
    void shouldReplaceAnAmpersandIdentifierOnlyInALoopsLogicalIds() {
        Map<String, Object> root = new LinkedHashMap<>(Map.of(
                "Resources",
                Map.of(
                        "Fn::ForEach::Queues",
                        List.of(
                                "Name",
                                List.of("a.b"),
                                Map.of(
                                        "Queue&{Name}",
                                        Map.of(
                                                "Type",
                                                "AWS::SQS::Queue",
                                                "DependsOn",
                                                "Other&{Name}",
                                                "Properties",
                                                Map.of("QueueName", "${Name}-&{Name}")))))));

        Template template = Template.of(root, Map.of());

        assertThat(template.resources()).containsOnlyKeys("Queueab");
        assertThat(template.resources().get("Queueab").get("DependsOn")).isEqualTo("Other&{Name}");
        assertThat(template.properties("Queueab").get("QueueName")).isEqualTo("a.b-&{Name}");
    }

    @Test
    void shouldFailWhenAValueRefersToALoopsAmpersandLogicalId() {
        Map<String, Object> root = mutated(r -> {
            List<Object> loop = cast(path(r, "Resources", "Fn::ForEach::SinkTopic"));
            map(path(loop.get(2), "SinkMapping&{Topic}")).put("DependsOn", "SinkTopicRead&{Topic}");
        });

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p)
                        .contains("SinkMappingpagilapublicaddress.DependsOn")
                        .contains("'SinkTopicRead&{Topic}'")
                        .contains("replaces &{} only in a Fn::ForEach OutputKey"))
                .anySatisfy(p -> assertThat(p)
                        .contains("SinkMappingpagilapublicaddress DependsOn SinkTopicRead&{Topic}")
                        .contains("names no resource"));
    }

    @Test
    void shouldFailWhenTheTemplateRefersToAResourceSamGenerates() {
        Map<String, Object> byAttribute = mutated(r -> {
            withScheduleEvent(r);
            List<Object> statements = cast(
                    path(r, "Resources", "CatalogDeadLetterQueuePolicy", "Properties", "PolicyDocument", "Statement"));
            map(map(statements.get(0)).get("Condition"))
                    .put(
                            "ArnEquals",
                            Map.of("aws:SourceArn", Map.of("Fn::GetAtt", List.of("PollerFunctionSchedule", "Arn"))));
        });
        Map<String, Object> byDependency = mutated(r -> {
            withScheduleEvent(r);
            map(path(r, "Resources", "PollerLagAlarm")).put("DependsOn", "PollerFunctionSchedule");
        });

        assertThat(validate(byAttribute))
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerFunctionSchedule.Arn")
                        .contains("names a resource SAM generates"));
        assertThat(validate(byDependency))
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerLagAlarm DependsOn PollerFunctionSchedule, a resource SAM generates"));
    }

    @Test
    void shouldLetTheCatalogsOwnRuleInvokeItsAliasAndDeadLetterToItsQueue() {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, Object> rule = map(template.evaluate(template.properties("CatalogObjectCreatedRule")));
        Map<String, Object> permission = map(template.evaluate(template.properties("CatalogObjectCreatedPermission")));
        List<Object> queueStatements = cast(path(
                template.evaluate(template.properties("CatalogDeadLetterQueuePolicy")), "PolicyDocument", "Statement"));
        String ruleArn = template.string(Map.of("Fn::GetAtt", List.of("CatalogObjectCreatedRule", "Arn")));
        String alias = template.string(Map.of("Ref", "CatalogFunction.Alias"));
        Map<String, Object> target = map(((List<?>) rule.get("Targets")).get(0));

        assertThat(target.get("Arn")).isEqualTo(alias);
        assertThat(path(target, "DeadLetterConfig", "Arn"))
                .isEqualTo(template.string(Map.of("Fn::GetAtt", List.of("CatalogDeadLetterQueue", "Arn"))));
        assertThat(permission)
                .containsEntry("FunctionName", alias)
                .containsEntry("SourceArn", ruleArn)
                .containsEntry("Principal", "events.amazonaws.com");
        assertThat(path(queueStatements.get(0), "Condition", "ArnEquals", "aws:SourceArn"))
                .isEqualTo(ruleArn);
        assertThat(map(template.properties("CatalogFunction")).get("Events")).isNull();
    }

    @Test
    void shouldFailWhenTheHandlerIsRemoved() {
        Map<String, Object> root =
                mutated(r -> map(path(r, "Globals", "Function")).remove("Handler"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("has no Handler"));
    }

    @Test
    void shouldFailWhenTheHandlerClassIsNotInThePackage() {
        Map<String, Object> root = mutated(r -> map(path(r, "Globals", "Function"))
                .put(
                        "Handler",
                        Map.of(
                                "Fn::If",
                                List.of(
                                        "IsNative",
                                        "not.used",
                                        "io.quarkus.amazon.lambda.runtime.Missing::handleRequest"))));

        assertThat(validate(root))
                .anySatisfy(p ->
                        assertThat(p).contains("Handler class").contains("io.quarkus.amazon.lambda.runtime.Missing"));
    }

    @Test
    void shouldFailWhenAFunctionsPackageDoesNotExist() {
        Map<String, Object> root = mutated(r -> map(path(r, "Resources", "SinkFunction", "Properties"))
                .put("CodeUri", "sink-function/target/missing.zip"));

        assertThat(validate(root))
                .anySatisfy(
                        p -> assertThat(p).contains("SinkFunction's CodeUri").contains("does not exist"));
    }

    @Test
    void shouldRefuseAJvmPackageForTheNativeRuntime() {
        List<String> problems = new TemplateValidator(
                        Repository.root(), Repository.template(), Repository.DEPLOYMENT, Repository.SETTINGS)
                .problems();

        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerFunction's package")
                        .contains("has no bootstrap at its root")
                        .contains("it is a JVM build")
                        .contains("-Dnative")
                        .contains("FunctionRuntime=jvm"));
    }

    @Test
    void shouldAcceptANativePackageOnlyForItsArchitecture() throws IOException {
        String arm = nativePackage("arm64.zip", 183);
        String x86 = nativePackage("x86_64.zip", 62);

        List<String> onArm = nativeProblemsOfPollerPackage(arm);
        List<String> onX86 = nativeProblemsOfPollerPackage(x86);

        // The packages stand outside a function module, so only what concerns the package itself is looked at.
        assertThat(onArm)
                .noneSatisfy(
                        p -> assertThat(p).containsAnyOf("PollerFunction's package", "PollerFunction's bootstrap"));
        assertThat(onX86)
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerFunction's bootstrap")
                        .contains("built for x86_64, but the function runs on arm64"));
    }

    @Test
    void shouldRefuseANativePackageForTheJvmRuntime() throws IOException {
        String arm = nativePackage("arm64.zip", 183);

        List<String> problems = validate(mutated(
                r -> map(path(r, "Resources", "PollerFunction", "Properties")).put("CodeUri", arm)));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("PollerFunction's package")
                        .contains("is a native build")
                        .contains("FunctionRuntime=jvm cannot run"));
    }

    @Test
    void shouldRefuseADatabaseSecretArnWithoutItsSuffix() {
        Map<String, String> values = with(
                JVM_BUILD,
                "DatabaseSecretArn",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tributary/pagila");

        assertThat(new TemplateValidator(Repository.root(), Repository.template(), values, Repository.SETTINGS)
                        .problems())
                .anySatisfy(p -> assertThat(p)
                        .contains("DatabaseSecretArn's sample value")
                        .contains("does not match AllowedPattern"));
    }

    @Test
    void shouldLetThePollerDecryptItsSecretWithItsKeyOnlyThroughSecretsManager() {
        Map<String, String> values = with(JVM_BUILD, "DatabaseSecretKmsKeyArn", SECRET_KEY);
        Template withKey = Template.of(Repository.template(), values);
        Template withoutKey = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, Object> decrypt = ((List<?>) path(policy(withKey, "PollerRole"), "Statement"))
                .stream()
                        .map(TemplateNodes::map)
                        .filter(st -> "DecryptDatabaseSecret".equals(st.get("Sid")))
                        .findFirst()
                        .orElseThrow();

        assertThat(new TemplateValidator(Repository.root(), Repository.template(), values, Repository.SETTINGS)
                        .problems())
                .isEmpty();
        assertThat(decrypt).containsEntry("Action", "kms:Decrypt").containsEntry("Resource", SECRET_KEY);
        assertThat(path(decrypt, "Condition", "StringEquals", "kms:ViaService"))
                .isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
        assertThat(policy(withoutKey, "PollerRole").toString()).doesNotContain("kms:");
    }

    @Test
    void shouldFailWhenTheSecretsKeyIsUsableOutsideSecretsManager() {
        Map<String, Object> root = mutated(r -> {
            Map<String, Object> decrypt = statements(r, "PollerRole").stream()
                    .map(TemplateNodes::map)
                    .filter(st -> st.containsKey("Fn::If"))
                    .findFirst()
                    .orElseThrow();
            map(((List<?>) decrypt.get("Fn::If")).get(1)).remove("Condition");
        });
        Map<String, String> values = with(JVM_BUILD, "DatabaseSecretKmsKeyArn", SECRET_KEY);

        assertThat(new TemplateValidator(Repository.root(), root, values, Repository.SETTINGS).problems())
                .anySatisfy(p -> assertThat(p).contains("DecryptDatabaseSecret").contains("without a kms:ViaService"));
    }

    @Test
    void shouldFailWhenTheKeysDecryptPermissionIsMissing() {
        Map<String, Object> root =
                mutated(r -> statements(r, "PollerRole").removeIf(st -> map(st).containsKey("Fn::If")));
        Map<String, String> values = with(JVM_BUILD, "DatabaseSecretKmsKeyArn", SECRET_KEY);

        assertThat(new TemplateValidator(Repository.root(), root, values, Repository.SETTINGS).problems())
                .anySatisfy(p -> assertThat(p).contains("PollerFunction").contains("does not allow kms:Decrypt"));
    }

    @Test
    void shouldFailWhenAVpcFunctionCannotDescribeSubnets() {
        Map<String, Object> root = mutated(r -> statement(r, "PollerRole", "VpcNetworkInterfaces")
                .put(
                        "Action",
                        List.of(
                                "ec2:CreateNetworkInterface",
                                "ec2:DescribeNetworkInterfaces",
                                "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses",
                                "ec2:UnassignPrivateIpAddresses")));

        assertThat(validate(root))
                .anySatisfy(
                        p -> assertThat(p).contains("PollerFunction").contains("does not allow ec2:DescribeSubnets"));
    }

    @Test
    void shouldFailOnWildcardActionsAndResources() {
        Map<String, Object> root = mutated(r -> statements(r, "CatalogRole")
                .add(new LinkedHashMap<>(
                        Map.of("Sid", "Everything", "Effect", "Allow", "Action", "s3:*", "Resource", "*"))));

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p).contains("Everything allows the wildcard action s3:*"))
                .anySatisfy(p -> assertThat(p).contains("Everything allows [s3:*] on every resource"));
    }

    @Test
    void shouldFailOnAPermissionNothingNeeds() {
        Map<String, Object> root = mutated(r -> statement(r, "PollerRole", "HighWaterMarksAndLeases")
                .put(
                        "Action",
                        List.of(
                                "dynamodb:GetItem",
                                "dynamodb:PutItem",
                                "dynamodb:UpdateItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:Scan")));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("allows dynamodb:Scan, which nothing"));
    }

    @Test
    void shouldFailWhenAnEnvironmentVariableIsNoSetting() {
        Map<String, Object> root =
                mutated(r -> map(path(r, "Resources", "PollerFunction", "Properties", "Environment", "Variables"))
                        .put("TRIBUTARY_POLER_MAX_DURATION", "30s"));

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p).contains("TRIBUTARY_POLER_MAX_DURATION is no setting"));
    }

    @Test
    void shouldFailWhenAVariableThePipelinesNeedIsNotSet() {
        Map<String, Object> root = mutated(r ->
                map(path(r, "Globals", "Function", "Environment", "Variables")).remove("TRIBUTARY_LAKE_BUCKET"));

        assertThat(validate(root)).anySatisfy(p -> assertThat(p).contains("does not set TRIBUTARY_LAKE_BUCKET"));
    }

    @Test
    void shouldFailOnAnInvalidParameterDefault() {
        Map<String, Object> root =
                mutated(r -> map(path(r, "Parameters", "SinkBatchSize")).put("Default", 20000));

        assertThat(validate(root))
                .anySatisfy(p -> assertThat(p)
                        .contains("SinkBatchSize's default '20000'")
                        .contains("above MaxValue"));
    }

    @Test
    void shouldAlarmOnTheLagMetricThePollerPublishes() {
        Template template = Template.of(Repository.template(), Repository.DEPLOYMENT);
        Map<String, Object> alarm = map(template.evaluate(template.properties("PollerLagAlarm")));
        Map<String, Object> variables =
                map(path(template.evaluate(template.properties("PollerFunction")), "Environment", "Variables"));

        assertThat(alarm.get("MetricName")).isEqualTo(PollMetrics.LAG);
        assertThat(alarm.get("Namespace")).isEqualTo(variables.get("TRIBUTARY_METRICS_NAMESPACE"));
        // Reported once per invocation: minutes without a report are not lag.
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        assertThat(Integer.parseInt((String) alarm.get("Period"))
                        * Integer.parseInt((String) alarm.get("EvaluationPeriods")))
                .isGreaterThanOrEqualTo(Integer.parseInt(
                        (String) path(Repository.template(), "Parameters", "PollerTimeoutSeconds", "MaxValue")
                                .toString()));
        assertThat(alarm.get("DatapointsToAlarm")).isEqualTo("1");
        assertThat(template.resources("AWS::CloudWatch::Alarm"))
                .containsKeys(
                        "PollerErrorsAlarm",
                        "SinkErrorsAlarm",
                        "CatalogErrorsAlarm",
                        "PollerThrottlesAlarm",
                        "SinkThrottlesAlarm",
                        "CatalogThrottlesAlarm");
    }

    @Test
    void shouldScheduleThePollerWithAnInputItTakesForAScheduledPoll() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String sources : List.of("", "pagila.public.,pagila.query")) {
            Map<String, String> values = new LinkedHashMap<>(Repository.DEPLOYMENT);
            values.put("PollerSources", sources);
            Template template = Template.of(Repository.template(), values);
            List<Object> targets = cast(path(template.evaluate(template.properties("PollerScheduleRule")), "Targets"));
            String input = (String) path(targets.get(0), "Input");

            PollRequest request = json.readValue(input, PollRequest.class);

            assertThat(request.scheduled()).as(input).isTrue();
            assertThat(request.sources()).isEqualTo(sources.isEmpty() ? List.of() : List.of(sources.split(",")));
        }
    }

    /** A SAM Schedule event of the poller, whose rule SAM would generate as PollerFunctionSchedule. */
    private static void withScheduleEvent(Map<String, Object> root) {
        map(path(root, "Resources", "PollerFunction", "Properties"))
                .put(
                        "Events",
                        Map.of(
                                "Schedule",
                                Map.of("Type", "Schedule", "Properties", Map.of("Schedule", "rate(1 hour)"))));
    }

    private static List<String> validate(Map<String, Object> root) {
        return new TemplateValidator(Repository.root(), root, JVM_BUILD, Repository.SETTINGS).problems();
    }

    /** What the validator finds in a native deployment whose poller is the package at {@code codeUri}. */
    private static List<String> nativeProblemsOfPollerPackage(String codeUri) {
        return new TemplateValidator(
                        Repository.root(),
                        mutated(r -> map(path(r, "Resources", "PollerFunction", "Properties"))
                                .put("CodeUri", codeUri)),
                        with(Repository.DEPLOYMENT, "FunctionRuntime", "native"),
                        Repository.SETTINGS)
                .problems();
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, value);
        return changed;
    }

    /** A package as a native build makes it: a bootstrap ELF executable for the given machine (its header only). */
    private static String nativePackage(String name, int machine) throws IOException {
        Path zip = Repository.root().resolve("infra/target/test-packages").resolve(name);
        Files.createDirectories(zip.getParent());
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2; // 64-bit
        header[5] = 1; // little-endian
        header[18] = (byte) (machine & 0xff);
        header[19] = (byte) (machine >> 8);
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream archive = new ZipOutputStream(out)) {
            archive.putNextEntry(new ZipEntry("bootstrap"));
            archive.write(header);
            archive.closeEntry();
        }
        return Repository.root().relativize(zip).toString().replace('\\', '/');
    }

    private static Map<String, Object> policy(Template template, String role) {
        List<Object> policies = cast(template.evaluate(template.properties(role).get("Policies")));
        return map(map(policies.get(0)).get("PolicyDocument"));
    }

    private static Map<String, Object> statement(Map<String, Object> root, String role, String sid) {
        return statements(root, role).stream()
                .map(s -> map(s))
                .filter(s -> sid.equals(s.get("Sid")))
                .findFirst()
                .orElseThrow();
    }

    private static List<Object> statements(Map<String, Object> root, String role) {
        List<Object> policies = cast(path(root, "Resources", role, "Properties", "Policies"));
        return cast(path(policies.get(0), "PolicyDocument", "Statement"));
    }
}
