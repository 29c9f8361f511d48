package dev.tributary.infra.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template as CloudFormation sees it after the LanguageExtensions transform (each {@code Fn::ForEach} expanded),
 * for one set of parameter values: its resources, and the values of intrinsic functions, with what CloudFormation
 * would return for resources that do not exist yet ({@code Ref}, {@code Fn::GetAtt}) made up in the right shape.
 *
 * <p>As CloudFormation does, {@code Fn::ForEach} replaces {@code ${Identifier}} in the fragment's keys and values
 * and {@code Ref: Identifier} with the item,
 * and {@code &{Identifier}} (the item without its non-alphanumeric characters) only in the fragment's top-level keys,
 * the OutputKeys: elsewhere {@code &{...}} stays as written (aws-cloudformation/cloudformation-coverage-roadmap#2150).
 * Resources SAM generates from a function's events are listed, marked {@link #GENERATED}, but references to them
 * fail: the LanguageExtensions transform runs before SAM and does not know them.
 */
public final class Template {

    /** The value of {@code Ref AWS::NoValue}: the property is left out. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** The key marking a resource that SAM generates (not declared in the template). */
    public static final String GENERATED = "Generated";

    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    public static final String STACK = "tributary";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Object> root;
    private final Map<String, Object> parameters;
    private final Map<String, Map<String, Object>> resources;

    private Template(Map<String, Object> root, Map<String, Object> parameters) {
        this.root = root;
        this.parameters = parameters;
        this.resources = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry :
                map(root.get("Resources"), "Resources").entrySet()) {
            if (entry.getKey().startsWith("Fn::ForEach::")) {
                resources.putAll(expandForEach(entry.getKey(), entry.getValue()));
            } else {
                resources.put(entry.getKey(), map(entry.getValue(), entry.getKey()));
            }
        }
        addSamEventRules();
    }

    /** SAM turns a function's Schedule and EventBridgeRule events into rules named function id + event id. */
    private void addSamEventRules() {
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Object events =
                        map(resource.getOrDefault("Properties", Map.of()), id).getOrDefault("Events", Map.of());
                map(events, id + ".Events").forEach((event, definition) -> {
                    Object type = map(definition, id + "." + event).get("Type");
                    if ("Schedule".equals(type) || "EventBridgeRule".equals(type)) {
                        rules.put(id + event, Map.of("Type", "AWS::Events::Rule", GENERATED, true));
                    }
                });
            }
        });
        resources.putAll(rules);
    }

    /**
     * @param root the parsed template
     * @param values parameter values; parameters not given take their defaults
     * @throws TemplateException if a parameter has neither
     */
    public static Template of(Map<String, Object> root, Map<String, String> values) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry :
                map(root.getOrDefault("Parameters", Map.of()), "Parameters").entrySet()) {
            Map<String, Object> declaration = map(entry.getValue(), entry.getKey());
            String value = values.containsKey(entry.getKey())
                    ? values.get(entry.getKey())
                    : declaration.containsKey("Default") ? String.valueOf(declaration.get("Default")) : null;
            if (value == null) {
                throw new TemplateException("Parameter " + entry.getKey() + " has no default and no value was given");
            }
            String type = String.valueOf(declaration.get("Type"));
            parameters.put(
                    entry.getKey(),
                    type.startsWith("List<") || type.equals("CommaDelimitedList")
                            ? List.of(value.split(",", -1))
                            : value);
        }
        return new Template(root, parameters);
    }

    public Map<String, Object> root() {
        return root;
    }

    /** The resources, {@code Fn::ForEach} loops expanded. */
    public Map<String, Map<String, Object>> resources() {
        return resources;
    }

    public Optional<Object> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Whether a resource is one SAM generates rather than one the template declares. */
    public boolean generated(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        return resource != null && Boolean.TRUE.equals(resource.get(GENERATED));
    }

    /** The resources of a type, by logical id. */
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    /** A resource's properties, the function Globals merged in for a serverless function. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        Map<String, Object> properties =
                new LinkedHashMap<>(map(resource.getOrDefault("Properties", Map.of()), logicalId));
        if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
            Map<String, Object> globals = (Map<String, Object>)
                    map(root.getOrDefault("Globals", Map.of()), "Globals").getOrDefault("Function", Map.of());
            for (Map.Entry<String, Object> global : globals.entrySet()) {
                Object own = properties.get(global.getKey());
                if (own == null) {
                    properties.put(global.getKey(), global.getValue());
                } else if (own instanceof Map<?, ?> ownMap && global.getValue() instanceof Map<?, ?> globalMap) {
                    properties.put(
                            global.getKey(), mergeMaps((Map<String, Object>) globalMap, (Map<String, Object>) ownMap));
                }
            }
        }
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeMaps(Map<String, Object> global, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(global);
        own.forEach((key, value) -> {
            Object base = merged.get(key);
            merged.put(
                    key,
                    base instanceof Map<?, ?> b && value instanceof Map<?, ?> v
                            ? mergeMaps((Map<String, Object>) b, (Map<String, Object>) v)
                            : value);
        });
        return merged;
    }

    /** The value of a condition of the Conditions section. */
    public boolean condition(String name) {
        Object definition =
                map(root.getOrDefault("Conditions", Map.of()), "Conditions").get(name);
        if (definition == null) {
            throw new TemplateException("Condition " + name + " is not declared in Conditions");
        }
        return truth(definition);
    }

    private boolean truth(Object expression) {
        Map<String, Object> function = map(expression, "condition");
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        List<Object> arguments = only.getValue() instanceof List<?> l ? new ArrayList<>(l) : List.of(only.getValue());
        return switch (only.getKey()) {
            case "Fn::Equals" ->
                String.valueOf(evaluate(arguments.get(0))).equals(String.valueOf(evaluate(arguments.get(1))));
            case "Fn::Not" -> !truth(arguments.get(0));
            case "Fn::And" -> arguments.stream().allMatch(this::truth);
            case "Fn::Or" -> arguments.stream().anyMatch(this::truth);
            case "Condition" -> condition(String.valueOf(only.getValue()));
            default -> throw new TemplateException("Cannot evaluate condition function " + only.getKey());
        };
    }

    /**
     * The value of an expression: strings, lists and maps with every intrinsic function applied, and
     * {@link #NO_VALUE} where {@code AWS::NoValue} removes it.
     *
     * @throws TemplateException for a reference to nothing, or a function this evaluator does not know
     */
    @SuppressWarnings("unchecked")
    public Object evaluate(Object expression) {
        if (expression instanceof List<?> list) {
            List<Object> values = new ArrayList<>();
            for (Object item : list) {
                Object value = evaluate(item);
                if (value != NO_VALUE) {
                    values.add(value);
                }
            }
            return values;
        }
        if (!(expression instanceof Map<?, ?> raw)) {
            return expression == null ? null : expression instanceof String ? expression : String.valueOf(expression);
        }
        Map<String, Object> map = (Map<String, Object>) raw;
        if (map.size() == 1) {
            Map.Entry<String, Object> only = map.entrySet().iterator().next();
            String key = only.getKey();
            Object argument = only.getValue();
            switch (key) {
                case "Ref":
                    // The language extensions allow an intrinsic function (Fn::Sub in a loop) as Ref's argument.
                    return ref(argument instanceof String name ? name : string(argument));
                case "Fn::GetAtt": {
                    List<Object> parts = (List<Object>) evaluate(argument);
                    return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
                }
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::Join": {
                    List<Object> parts = (List<Object>) argument;
                    List<Object> items = (List<Object>) evaluate(parts.get(1));
                    return String.join(
                            String.valueOf(parts.get(0)),
                            items.stream().map(String::valueOf).toList());
                }
                case "Fn::Split": {
                    List<Object> parts = (List<Object>) argument;
                    return List.of(String.valueOf(evaluate(parts.get(1)))
                            .split(Pattern.quote(String.valueOf(parts.get(0))), -1));
                }
                case "Fn::Select": {
                    List<Object> parts = (List<Object>) argument;
                    List<Object> items = (List<Object>) evaluate(parts.get(1));
                    int index = Integer.parseInt(String.valueOf(evaluate(parts.get(0))));
                    if (index >= items.size()) {
                        throw new TemplateException("Fn::Select index " + index + " is beyond " + items);
                    }
                    return items.get(index);
                }
                case "Fn::If": {
                    List<Object> parts = (List<Object>) argument;
                    return evaluate(condition(String.valueOf(parts.get(0))) ? parts.get(1) : parts.get(2));
                }
                case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
                    return String.valueOf(truth(map));
                default:
                    if (key.startsWith("Fn::")) {
                        throw new TemplateException("Cannot evaluate " + key + ": this checker does not know it");
                    }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Object value = evaluate(entry.getValue());
            if (value != NO_VALUE) {
                values.put(entry.getKey(), value);
            }
        }
        return values;
    }

    /** The value of an expression that must be a string. */
    public String string(Object expression) {
        Object value = evaluate(expression);
        if (!(value instanceof String s)) {
            throw new TemplateException("Expected a string from " + expression + " but got " + value);
        }
        return s;
    }

    /** The value of an expression that may be a string or a list of them. */
    public List<String> strings(Object expression) {
        Object value = evaluate(expression);
        if (value == null || value == NO_VALUE) {
            return List.of();
        }
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(value));
    }

    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            map(parts.get(1), "Fn::Sub variables").forEach((name, value) -> variables.put(name, evaluate(value)));
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Object value;
            if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                value = ref(name);
            }
            if (!(value instanceof String)) {
                throw new TemplateException("Fn::Sub variable ${" + name + "} is not a string: " + value);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement((String) value));
        }
        matcher.appendTail(result);
        return result.toString().replace("${!", "${");
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return STACK;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            default:
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (name.endsWith(".Alias") && resources.containsKey(name.substring(0, name.length() - ".Alias".length()))) {
            // SAM's reference to the alias AutoPublishAlias creates.
            return ref(name.substring(0, name.length() - ".Alias".length())) + ":live";
        }
        Map<String, Object> resource = resources.get(name);
        if (resource == null) {
            throw new TemplateException("Ref " + name + " names no parameter or resource");
        }
        if (generated(name)) {
            throw new TemplateException("Ref " + name + " names a resource SAM generates, which the"
                    + " AWS::LanguageExtensions transform (run before SAM) does not see: declare the resource in the"
                    + " template instead");
        }
        String type = String.valueOf(resource.get("Type"));
        return switch (type) {
            case "AWS::Logs::LogGroup" -> string(properties(name).get("LogGroupName"));
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + physical(name);
            case "AWS::Glue::Database" ->
                string(map(properties(name).get("DatabaseInput"), name).get("Name"));
            default -> physical(name);
        };
    }

    private Object attribute(String logicalId, String attribute) {
        if (!resources.containsKey(logicalId)) {
            throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " names no resource");
        }
        if (generated(logicalId)) {
            throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " names a resource SAM"
                    + " generates, which the AWS::LanguageExtensions transform (run before SAM) does not see: declare"
                    + " the resource in the template instead");
        }
        String type = String.valueOf(resources.get(logicalId).get("Type"));
        String name = physical(logicalId);
        String arn = switch (type) {
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + name;
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
            case "AWS::Logs::LogGroup" ->
                "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + ref(logicalId) + ":*";
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + ACCOUNT + ":role/" + name;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" ->
                "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
            case "AWS::Events::Rule" -> "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name;
            default -> throw new TemplateException("Cannot make up attributes of a " + type + " (" + logicalId + ")");
        };
        return switch (attribute) {
            case "Arn" -> arn;
            case "QueueName" -> name;
            default -> throw new TemplateException("Cannot make up attribute " + attribute + " of " + logicalId);
        };
    }

    /** The name CloudFormation would generate: the stack, the logical id, a suffix; lower case where S3 needs it. */
    private static String physical(String logicalId) {
        return (STACK + "-" + logicalId + "-1a2b3c4d").toLowerCase();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> expandForEach(String loop, Object definition) {
        List<Object> parts = definition instanceof List<?> l ? (List<Object>) l : List.of();
        if (parts.size() != 3) {
            throw new TemplateException(loop + " must be [identifier, collection, fragment]");
        }
        String identifier = String.valueOf(parts.get(0));
        List<String> collection = strings(parts.get(1));
        Map<String, Object> fragment = map(parts.get(2), loop);
        Map<String, Map<String, Object>> expanded = new LinkedHashMap<>();
        for (String item : collection) {
            for (Map.Entry<String, Object> entry : fragment.entrySet()) {
                String key = replaceInKey(entry.getKey(), identifier, item);
                if (expanded.containsKey(key) || resources.containsKey(key)) {
                    throw new TemplateException(loop + " makes resource " + key + " twice (for item " + item + ")");
                }
                expanded.put(key, map(substitute(entry.getValue(), identifier, item), key));
            }
        }
        return expanded;
    }

    /** An OutputValue: {@code ${Identifier}} replaced in its strings and keys, {@code &{Identifier}} left alone. */
    @SuppressWarnings("unchecked")
    private static Object substitute(Object value, String identifier, String item) {
        if (value instanceof String s) {
            return replaceInValue(s, identifier, item);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> substitute(v, identifier, item)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && identifier.equals(map.get("Ref"))) {
                return item; // Ref to the loop's identifier: the item itself.
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map)
                    .forEach((k, v) -> copy.put(replaceInValue(k, identifier, item), substitute(v, identifier, item)));
            return copy;
        }
        return value;
    }

    /** An OutputKey: {@code ${Identifier}} is the item, {@code &{Identifier}} the item without punctuation. */
    private static String replaceInKey(String text, String identifier, String item) {
        return replaceInValue(text, identifier, item)
                .replace("&{" + identifier + "}", item.replaceAll("[^A-Za-z0-9]", ""));
    }

    private static String replaceInValue(String text, String identifier, String item) {
        return text.replace("${" + identifier + "}", item);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateException(where + " must be a mapping, not " + value);
        }
        return (Map<String, Object>) map;
    }
}
