package dev.tributary.infra.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM statements of a role, and whether they allow an action on a resource: IAM's matching of {@code *} and
 * {@code ?} in actions (case-insensitive) and resources (case-sensitive). Conditions are kept but not evaluated:
 * they only narrow what a statement allows.
 */
public final class Permissions {

    /** One evaluated statement; {@code conditionKeys} are the keys its Condition tests (kms:ViaService, ...). */
    public record Statement(
            String where, boolean allow, List<String> actions, List<String> resources, Set<String> conditionKeys) {

        boolean allows(String action) {
            return allow && actions.stream().anyMatch(pattern -> matches(pattern, action, false));
        }

        boolean allows(String action, String resource) {
            return allows(action) && resources.stream().anyMatch(pattern -> matches(pattern, resource, true));
        }
    }

    /** What a function needs, and why; a null {@code resource} means any resource of {@code service}. */
    public record Need(String action, String service, String resource, String why) {}

    /** EC2 actions for network interfaces offer no resource-level permissions: {@code *} is their only resource. */
    public static final Set<String> RESOURCELESS_ACTIONS = Set.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
            "ec2:DescribeVpcs",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups");

    private final List<Statement> statements;

    public Permissions(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    public List<Statement> statements() {
        return statements;
    }

    /** Problems with a need: not allowed at all, or not on a resource of its kind. */
    public List<String> check(Need need) {
        List<Statement> allowing =
                statements.stream().filter(s -> s.allows(need.action())).toList();
        if (allowing.isEmpty()) {
            return List.of("does not allow " + need.action() + ", which it needs: " + need.why());
        }
        boolean onItsResource = allowing.stream()
                .anyMatch(s -> need.resource() != null
                        ? s.allows(need.action(), need.resource())
                        : s.resources().stream()
                                .anyMatch(r -> r.equals("*") || service(r).equals(need.service())));
        if (!onItsResource) {
            return List.of("allows " + need.action() + " but not on "
                    + (need.resource() != null ? need.resource() : "a " + need.service() + " resource")
                    + ", which it needs: " + need.why());
        }
        return List.of();
    }

    /** Problems with how broad the statements are: wildcard actions, and wildcard resources beyond the unscopable. */
    public List<String> breadth() {
        List<String> problems = new ArrayList<>();
        for (Statement statement : statements) {
            if (!statement.allow()) {
                continue;
            }
            for (String action : statement.actions()) {
                if (action.contains("*") || action.contains("?")) {
                    problems.add(statement.where() + " allows the wildcard action " + action);
                }
            }
            for (String resource : statement.resources()) {
                if (resource.equals("*")) {
                    List<String> scopable = statement.actions().stream()
                            .filter(a -> !RESOURCELESS_ACTIONS.contains(a))
                            .toList();
                    if (!scopable.isEmpty()) {
                        problems.add(statement.where() + " allows " + scopable + " on every resource (*)");
                    }
                    continue;
                }
                String[] parts = resource.split(":", 6);
                if (parts.length < 6) {
                    problems.add(statement.where() + " names a resource that is not an ARN: " + resource);
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    if (parts[i].contains("*")) {
                        problems.add(statement.where() + " has a wildcard in the partition, service, region or account"
                                + " of " + resource);
                    }
                }
                if (everyOfAKind(parts[5])) {
                    problems.add(statement.where() + " allows every resource of a kind: " + resource);
                }
            }
        }
        return problems;
    }

    /**
     * Whether a resource name leaves its first part open ({@code *}, {@code table/*}, {@code bucket/*}): a wildcard
     * is fine only after two fixed parts, as in {@code bucket/topics/*} or {@code table/database/*}.
     */
    private static boolean everyOfAKind(String name) {
        String[] segments = name.split("/", -1);
        if (segments[0].contains("*")) {
            return true;
        }
        for (int i = 1; i < segments.length - 1; i++) {
            if (segments[i].equals("*")) {
                return true;
            }
        }
        return segments[segments.length - 1].equals("*") && segments.length < 3;
    }

    /** Every action some statement allows. */
    public List<String> allowedActions() {
        return statements.stream()
                .filter(Statement::allow)
                .flatMap(s -> s.actions().stream())
                .distinct()
                .toList();
    }

    /** The service of an ARN: {@code arn:aws:s3:::bucket} is {@code s3}. */
    public static String service(String arn) {
        String[] parts = arn.split(":", 4);
        return parts.length > 2 ? parts[2] : "";
    }

    static boolean matches(String pattern, String value, boolean caseSensitive) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), caseSensitive ? 0 : Pattern.CASE_INSENSITIVE)
                .matcher(value)
                .matches();
    }

    /** The IAM action of an SDK operation: S3's ListObjectsV2 is {@code s3:ListBucket}, and so on. */
    public static String action(String sdkService, String operation) {
        String prefix = switch (sdkService) {
            case "S3" -> "s3";
            case "DynamoDb" -> "dynamodb";
            case "Glue" -> "glue";
            case "SecretsManager" -> "secretsmanager";
            case "Sqs" -> "sqs";
            case "CloudWatch" -> "cloudwatch";
            default -> sdkService.toLowerCase(Locale.ROOT);
        };
        Map<String, String> renamed = Map.of(
                "s3:ListObjectsV2",
                "s3:ListBucket",
                "s3:ListObjects",
                "s3:ListBucket",
                "s3:HeadObject",
                "s3:GetObject",
                "s3:HeadBucket",
                "s3:ListBucket",
                "s3:CreateMultipartUpload",
                "s3:PutObject",
                "s3:UploadPart",
                "s3:PutObject",
                "s3:CompleteMultipartUpload",
                "s3:PutObject");
        String action = prefix + ":" + operation;
        return renamed.getOrDefault(action, action);
    }
}
