package dev.tributary.infra.template;

import dev.tributary.infra.template.Permissions.Need;
import dev.tributary.infra.template.Permissions.Statement;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Checks template.yaml offline, as far as it can be without AWS: that it parses and evaluates, that its parameter
 * defaults are valid, that what {@code Fn::ForEach} leaves and what {@code DependsOn} names resolve as CloudFormation
 * resolves them, that each function's package and handler exist and the package is a build for the runtime deployed
 * ({@code FunctionRuntime}: a {@code bootstrap} executable of the right architecture when native, the handler's
 * classes on the JVM), that each function's environment maps to a setting or to a reference of the sample pipelines,
 * and that each function's IAM role allows what the function needs (the AWS calls its tests recorded, its Kafka
 * client's actions, its event source mappings' and destinations' actions), on resources of the right kind, with no
 * wildcard beyond the unscopable, and nothing it does not need.
 *
 * <p>Pure apart from reading the repository's files; every check adds problems instead of stopping at the first.
 */
public final class TemplateValidator {

    /** Variables the runtime reads rather than the functions' configuration. */
    static final Map<String, String> RUNTIME_VARIABLES = Map.of(
            "DISABLE_SIGNAL_HANDLERS",
                    "Quarkus' native Lambda runtime: lets the runtime, not the executable, handle signals",
            "JAVA_TOOL_OPTIONS", "the JVM's options");

    /** Actions a module's Kafka client needs under MSK IAM authentication; no SDK call records them. */
    static final Map<String, List<String[]>> KAFKA_CLIENT_ACTIONS = Map.of(
            "poller-function",
            List.of(
                    new String[] {"kafka-cluster:Connect", "cluster", "the producer and admin client connect"},
                    new String[] {"kafka-cluster:WriteDataIdempotently", "cluster", "the producer is idempotent"},
                    new String[] {"kafka-cluster:DescribeTopic", "topic", "the producer reads topic metadata"},
                    new String[] {"kafka-cluster:WriteData", "topic", "the producer writes records"},
                    new String[] {
                        "kafka-cluster:CreateTopic", "topic", "the poller creates missing topics (kafka.create-topics)"
                    }));

    private static final List<String[]> KAFKA_MAPPING_ACTIONS = List.of(
            new String[] {"kafka:DescribeClusterV2", "cluster"},
            new String[] {"kafka:GetBootstrapBrokers", "cluster"},
            new String[] {"kafka-cluster:Connect", "cluster"},
            new String[] {"kafka-cluster:DescribeClusterDynamicConfiguration", "cluster"},
            new String[] {"kafka-cluster:DescribeGroup", "group"},
            new String[] {"kafka-cluster:AlterGroup", "group"},
            new String[] {"kafka-cluster:DescribeTopic", "topic"},
            new String[] {"kafka-cluster:ReadData", "topic"},
            new String[] {"ec2:CreateNetworkInterface", null},
            new String[] {"ec2:DescribeNetworkInterfaces", null},
            new String[] {"ec2:DescribeVpcs", null},
            new String[] {"ec2:DeleteNetworkInterface", null},
            new String[] {"ec2:DescribeSubnets", null},
            new String[] {"ec2:DescribeSecurityGroups", null});

    /** What Lambda does with a VPC function's role: the EC2 actions of AWSLambdaVPCAccessExecutionRole. */
    private static final List<String> VPC_ACTIONS = List.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");

    /** ELF machine numbers of Lambda's architectures. */
    private static final Map<String, Integer> ELF_MACHINES = Map.of("x86_64", 62, "arm64", 183);

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private final Path repository;
    private final Map<String, Object> root;
    private final Map<String, String> values;
    private final Map<String, Class<?>> settingsByModule;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param repository the repository's root: packages, recorded calls and sample pipelines are found from it
     * @param root the parsed template
     * @param values values for the parameters without a default, as a deployment would give them
     * @param settingsByModule each function module's {@code @ConfigMapping} interface
     */
    public TemplateValidator(
            Path repository,
            Map<String, Object> root,
            Map<String, String> values,
            Map<String, Class<?>> settingsByModule) {
        this.repository = repository;
        this.root = root;
        this.values = values;
        this.settingsByModule = settingsByModule;
    }

    /** Every problem found; empty when the template passes. */
    public List<String> problems() {
        problems.clear();
        checkTransforms();
        checkParameters();
        String deployed = deployedRuntime();
        for (String runtime : List.of("native", "jvm")) {
            Map<String, String> chosen = new LinkedHashMap<>(values);
            chosen.put("FunctionRuntime", runtime);
            Template template;
            try {
                template = Template.of(root, chosen);
                template.resources()
                        .keySet()
                        .forEach(id -> template.evaluate(template.resources().get(id)));
            } catch (TemplateException e) {
                problems.add("Cannot evaluate the template with FunctionRuntime=" + runtime + ": " + e.getMessage());
                continue;
            }
            if (runtime.equals("native")) {
                checkForEachLeftovers(template);
                checkDependsOn(template);
            }
            for (String function :
                    template.resources("AWS::Serverless::Function").keySet()) {
                checkPackage(template, function, runtime, runtime.equals(deployed));
                if (runtime.equals("native")) {
                    checkEnvironment(template, function);
                    checkPermissions(template, function);
                    checkLogs(template, function);
                }
            }
        }
        return List.copyOf(problems);
    }

    /** The runtime the packages are built for: the FunctionRuntime value given, or the parameter's default. */
    private String deployedRuntime() {
        if (values.containsKey("FunctionRuntime")) {
            return values.get("FunctionRuntime");
        }
        Object declaration = Template.map(root.getOrDefault("Parameters", Map.of()), "Parameters")
                .get("FunctionRuntime");
        return declaration instanceof Map<?, ?> d && d.get("Default") != null
                ? String.valueOf(d.get("Default"))
                : "native";
    }

    /**
     * {@code &{Identifier}} that CloudFormation leaves as written: it replaces it only in a {@code Fn::ForEach}
     * OutputKey (the logical id), so a value such as {@code DependsOn: Name&{Item}} names nothing.
     */
    private void checkForEachLeftovers(Template template) {
        template.resources().forEach((id, resource) -> leftovers(resource, id, new ArrayList<>()));
        if (root.get("Outputs") instanceof Map<?, ?> outputs) {
            leftovers(outputs, "Outputs", new ArrayList<>());
        }
    }

    private void leftovers(Object node, String where, List<String> path) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                List<String> inner = new ArrayList<>(path);
                inner.add(String.valueOf(key));
                if (String.valueOf(key).contains("&{") && !String.valueOf(key).startsWith("Fn::ForEach::")) {
                    problems.add(where + " has the key " + key + ", whose &{...} CloudFormation does not replace: it"
                            + " replaces &{} only in a Fn::ForEach OutputKey (the logical id), not within its value");
                }
                leftovers(value, where, inner);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                List<String> inner = new ArrayList<>(path);
                inner.add(String.valueOf(i));
                leftovers(list.get(i), where, inner);
            }
        } else if (node instanceof String text && text.contains("&{")) {
            problems.add(
                    where + "." + String.join(".", path) + " is '" + text + "', whose &{...} CloudFormation does not"
                            + " replace: it replaces &{} only in a Fn::ForEach OutputKey (the logical id), not in values, so"
                            + " nothing can refer to a resource named with it (cloudformation-coverage-roadmap#2150)");
        }
    }

    /** What DependsOn names must be a resource the template declares (CloudFormation: "Unresolved resource dependencies"). */
    private void checkDependsOn(Template template) {
        template.resources().forEach((id, resource) -> {
            for (String target : list(resource.get("DependsOn"))) {
                if (!template.resources().containsKey(target)) {
                    problems.add(id + " DependsOn " + target + ", which names no resource of the template");
                } else if (template.generated(target)) {
                    problems.add(id + " DependsOn " + target + ", a resource SAM generates: the AWS::LanguageExtensions"
                            + " transform (run before SAM) rejects it (aws/serverless-application-model#2778)");
                }
            }
        });
    }

    private void checkTransforms() {
        Object transform = root.get("Transform");
        List<?> transforms = transform instanceof List<?> l ? l : transform == null ? List.of() : List.of(transform);
        if (!transforms.contains("AWS::Serverless-2016-10-31")) {
            problems.add("Transform must include AWS::Serverless-2016-10-31 (SAM)");
        }
        boolean loops = root.toString().contains("Fn::ForEach::");
        if (loops && (transforms.isEmpty() || !"AWS::LanguageExtensions".equals(transforms.get(0)))) {
            problems.add("Fn::ForEach needs the AWS::LanguageExtensions transform, listed first");
        }
    }

    private void checkParameters() {
        Map<String, Object> parameters = Template.map(root.getOrDefault("Parameters", Map.of()), "Parameters");
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            Map<String, Object> declaration = Template.map(entry.getValue(), entry.getKey());
            if (!declaration.containsKey("Description")) {
                problems.add("Parameter " + entry.getKey() + " has no Description");
            }
            if (declaration.containsKey("Default")) {
                checkParameterValue(entry.getKey(), declaration, String.valueOf(declaration.get("Default")), "default");
            } else if (!values.containsKey(entry.getKey())) {
                problems.add("Parameter " + entry.getKey() + " has no default, and the validation was given no value");
            }
            if (values.containsKey(entry.getKey())) {
                checkParameterValue(entry.getKey(), declaration, values.get(entry.getKey()), "sample value");
            }
        }
    }

    private void checkParameterValue(String name, Map<String, Object> declaration, String value, String what) {
        String type = String.valueOf(declaration.get("Type"));
        String prefix = "Parameter " + name + "'s " + what + " '" + value + "' ";
        List<String> items = type.startsWith("List<") || type.equals("CommaDelimitedList")
                ? List.of(value.split(",", -1))
                : List.of(value);
        for (String item : items) {
            if (type.equals("Number")) {
                double number;
                try {
                    number = Double.parseDouble(item);
                } catch (NumberFormatException e) {
                    problems.add(prefix + "is not a number");
                    continue;
                }
                if (declaration.containsKey("MinValue")
                        && number < Double.parseDouble(String.valueOf(declaration.get("MinValue")))) {
                    problems.add(prefix + "is below MinValue " + declaration.get("MinValue"));
                }
                if (declaration.containsKey("MaxValue")
                        && number > Double.parseDouble(String.valueOf(declaration.get("MaxValue")))) {
                    problems.add(prefix + "is above MaxValue " + declaration.get("MaxValue"));
                }
            }
            if (declaration.get("AllowedValues") instanceof List<?> allowed
                    && allowed.stream().map(String::valueOf).noneMatch(item::equals)) {
                problems.add(prefix + "is not one of AllowedValues " + allowed);
            }
            if (declaration.containsKey("AllowedPattern")
                    && !Pattern.compile(String.valueOf(declaration.get("AllowedPattern")))
                            .matcher(item)
                            .matches()) {
                problems.add(prefix + "does not match AllowedPattern " + declaration.get("AllowedPattern"));
            }
            if (type.equals("List<AWS::EC2::Subnet::Id>") && !item.matches("subnet-[0-9a-f]+")) {
                problems.add(prefix + "is not a subnet id");
            }
            if (type.equals("List<AWS::EC2::SecurityGroup::Id>") && !item.matches("sg-[0-9a-f]+")) {
                problems.add(prefix + "is not a security group id");
            }
        }
    }

    private Optional<String> module(Template template, String function) {
        Object codeUri = template.properties(function).get("CodeUri");
        if (!(codeUri instanceof String uri)) {
            problems.add(function + " has no local CodeUri");
            return Optional.empty();
        }
        Path path = Path.of(uri);
        return Optional.of(path.getName(0).toString());
    }

    /**
     * @param deployed whether the packages are built for this runtime: their contents are checked only then, the
     *        template's choices for it always
     */
    private void checkPackage(Template template, String function, String runtime, boolean deployed) {
        Map<String, Object> properties = template.properties(function);
        Optional<String> module = module(template, function);
        if (module.isEmpty()) {
            return;
        }
        Path zip = repository.resolve(String.valueOf(properties.get("CodeUri")));
        if (!Files.isRegularFile(zip)) {
            problems.add(function + "'s CodeUri " + properties.get("CodeUri") + " does not exist: build it with"
                    + " ./mvnw package");
            return;
        }
        String runtimeName = String.valueOf(template.evaluate(properties.get("Runtime")));
        Object handler = template.evaluate(properties.get("Handler"));
        if (handler == null || handler == Template.NO_VALUE) {
            problems.add(function + " has no Handler (FunctionRuntime=" + runtime + ")");
            return;
        }
        if (runtime.equals("native")) {
            if (!runtimeName.equals("provided.al2023")) {
                problems.add(function + " must run on provided.al2023 when native, not " + runtimeName);
            }
            if (deployed) {
                checkNativePackage(template, function, zip);
            }
            return;
        }
        if (!runtimeName.startsWith("java")) {
            problems.add(function + " must run on a java runtime in JVM mode, not " + runtimeName);
        }
        Object snapStart = template.evaluate(properties.get("SnapStart"));
        if (!(snapStart instanceof Map<?, ?> s) || !"PublishedVersions".equals(s.get("ApplyOn"))) {
            problems.add(function + " must apply SnapStart to published versions in JVM mode");
        } else if (properties.get("AutoPublishAlias") == null) {
            problems.add(function + " uses SnapStart but publishes no alias for its events to target");
        }
        String[] handlerParts = String.valueOf(handler).split("::");
        if (handlerParts.length != 2) {
            problems.add(function + "'s Handler " + handler + " is not Class::method");
            return;
        }
        if (!hasMethod(handlerParts[0], handlerParts[1])) {
            problems.add(function + "'s Handler method " + handler + " does not exist");
        }
        if (!deployed) {
            return;
        }
        String classEntry = handlerParts[0].replace('.', '/') + ".class";
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            if (archive.getEntry("bootstrap") != null && !containsClass(archive, classEntry)) {
                problems.add(function + "'s package " + zip + " is a native build (a bootstrap executable, not the"
                        + " handler's classes), which FunctionRuntime=jvm cannot run on java21: build with ./mvnw"
                        + " package (no -Dnative), or deploy with FunctionRuntime=native");
                return;
            }
            if (!containsClass(archive, classEntry)) {
                problems.add(function + "'s Handler class " + handlerParts[0] + " is not in " + zip);
            }
            try (Stream<Path> classes =
                    Files.walk(repository.resolve(module.get()).resolve("target/classes"))) {
                for (Path handlerClass : classes.filter(p -> p.toString().endsWith("Handler.class"))
                        .toList()) {
                    String entry = repository
                            .resolve(module.get())
                            .resolve("target/classes")
                            .relativize(handlerClass)
                            .toString()
                            .replace('\\', '/');
                    if (archive.getEntry(entry) == null) {
                        problems.add(function + "'s package " + zip + " lacks its module's handler " + entry
                                + ": it is stale or of another module");
                    }
                }
            }
        } catch (IOException e) {
            problems.add("Cannot read " + zip + ": " + e.getMessage());
        }
    }

    /**
     * provided.al2023 runs the file {@code bootstrap} at the package's root: a JVM package has none, and every
     * invocation would fail. When it is an executable (not a script), it must be of the functions' architecture.
     */
    private void checkNativePackage(Template template, String function, Path zip) {
        List<String> architectures =
                template.strings(template.properties(function).get("Architectures"));
        String architecture = architectures.isEmpty() ? "x86_64" : architectures.get(0);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            ZipEntry bootstrap = archive.getEntry("bootstrap");
            if (bootstrap == null || bootstrap.isDirectory()) {
                boolean jvm = archive.stream()
                        .anyMatch(e ->
                                e.getName().startsWith("lib/") && e.getName().endsWith(".jar"));
                problems.add(function + "'s package " + zip
                        + " has no bootstrap at its root, which FunctionRuntime=native"
                        + " (provided.al2023) runs" + (jvm ? ": it is a JVM build" : "") + ". Build with ./mvnw package"
                        + " -Dnative -Dquarkus.native.container-build=true, or deploy with FunctionRuntime=jvm");
                return;
            }
            byte[] header;
            try (InputStream in = archive.getInputStream(bootstrap)) {
                header = in.readNBytes(20);
            }
            boolean elf = header.length == 20
                    && header[0] == 0x7f
                    && header[1] == 'E'
                    && header[2] == 'L'
                    && header[3] == 'F';
            if (elf) {
                int machine = header[5] == 2
                        ? ((header[18] & 0xff) << 8) | (header[19] & 0xff)
                        : ((header[19] & 0xff) << 8) | (header[18] & 0xff);
                Integer expected = ELF_MACHINES.get(architecture);
                if (expected != null && machine != expected) {
                    String built = ELF_MACHINES.entrySet().stream()
                            .filter(e -> e.getValue() == machine)
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse("machine " + machine);
                    problems.add(function + "'s bootstrap in " + zip + " is built for " + built + ", but the function"
                            + " runs on " + architecture + ": build on " + architecture
                            + ", or deploy with Architecture="
                            + built);
                }
            }
        } catch (IOException e) {
            problems.add("Cannot read " + zip + ": " + e.getMessage());
        }
    }

    private static boolean containsClass(ZipFile archive, String classEntry) throws IOException {
        if (archive.getEntry(classEntry) != null) {
            return true;
        }
        // The Lambda runtime's jars first: that is where handlers of the runtime live.
        List<? extends ZipEntry> jars = archive.stream()
                .filter(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar"))
                .sorted(java.util.Comparator.comparing(
                        (ZipEntry e) -> !e.getName().contains("lambda")))
                .toList();
        for (ZipEntry entry : jars) {
            try (ZipInputStream jar = new ZipInputStream(archive.getInputStream(entry))) {
                for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                    if (inner.getName().equals(classEntry)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasMethod(String className, String method) {
        try {
            return Stream.of(Class.forName(className).getMethods())
                    .anyMatch(m -> m.getName().equals(method));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private void checkEnvironment(Template template, String function) {
        Optional<String> module = module(template, function);
        if (module.isEmpty()) {
            return;
        }
        Object environment = template.evaluate(template.properties(function).get("Environment"));
        Map<String, Object> variables = environment instanceof Map<?, ?> e && e.get("Variables") instanceof Map<?, ?> v
                ? Template.map(v, function + ".Environment.Variables")
                : Map.of();
        Set<String> settings = settingVariables(module.get());
        Map<String, Boolean> referenced = pipelineReferences();
        for (String name : variables.keySet()) {
            if (name.matches(".*(PASSWORD|SECRET(?!_ID)|TOKEN|CREDENTIAL).*")) {
                problems.add(function + " has a secret-looking environment variable " + name
                        + ": secrets belong in Secrets Manager");
            }
            if (!settings.contains(name) && !referenced.containsKey(name) && !RUNTIME_VARIABLES.containsKey(name)) {
                problems.add(function + "'s environment variable " + name + " is no setting of " + module.get() + " "
                        + settings + " and no ${env:...} reference of infra/pipelines");
            }
        }
        referenced.forEach((name, required) -> {
            if (required && !variables.containsKey(name)) {
                problems.add(function + " does not set " + name + ", which infra/pipelines refer to without a default:"
                        + " the function would fail at start-up");
            }
        });
        Class<?> mapping = settingsByModule.get(module.get());
        if (mapping != null && !variables.containsKey(variable(prefix(mapping) + ".config"))) {
            problems.add(function + " does not set " + variable(prefix(mapping) + ".config") + ", its pipeline file");
        }
    }

    /** The environment variable names of a module's settings, as SmallRye Config maps them. */
    private Set<String> settingVariables(String module) {
        Class<?> mapping = settingsByModule.get(module);
        if (mapping == null) {
            problems.add("No settings interface is known for module " + module);
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        collect(mapping, prefix(mapping), names);
        return names;
    }

    private static String prefix(Class<?> mapping) {
        return mapping.getAnnotation(ConfigMapping.class).prefix();
    }

    private static void collect(Class<?> type, String prefix, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0
                    || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String property = prefix + "."
                    + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Type returned = method.getGenericReturnType();
            if (returned instanceof ParameterizedType p && p.getRawType() == Optional.class) {
                returned = p.getActualTypeArguments()[0];
            }
            if (returned instanceof Class<?> c && c.isInterface() && c.getDeclaringClass() != null) {
                collect(c, property, names);
            } else {
                names.add(variable(property));
            }
        }
    }

    private static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The variables infra/pipelines refer to, each true when some reference has no default. */
    private Map<String, Boolean> pipelineReferences() {
        Map<String, Boolean> references = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(repository.resolve("infra/pipelines"))) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Matcher matcher = ENV_REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    references.merge(matcher.group(1), matcher.group(2) == null, Boolean::logicalOr);
                }
            }
        } catch (IOException e) {
            problems.add("Cannot read infra/pipelines: " + e.getMessage());
        }
        return references;
    }

    private void checkLogs(Template template, String function) {
        Object config = template.properties(function).get("LoggingConfig");
        Object group = config instanceof Map<?, ?> c ? c.get("LogGroup") : null;
        if (!(group instanceof Map<?, ?> ref)
                || !(ref.get("Ref") instanceof String id)
                || !"AWS::Logs::LogGroup"
                        .equals(template.resources().getOrDefault(id, Map.of()).get("Type"))) {
            problems.add(function + " must log to a log group of the template (LoggingConfig.LogGroup), so that its"
                    + " retention and permissions are the template's");
            return;
        }
        if (template.properties(id).get("RetentionInDays") == null) {
            problems.add(function + "'s log group " + id + " keeps logs forever: set RetentionInDays");
        }
    }

    private void checkPermissions(Template template, String function) {
        Map<String, Object> properties = template.properties(function);
        if (properties.containsKey("Policies")) {
            problems.add(function + " adds Policies to a SAM-generated role: give it a Role of the template instead");
        }
        Object role = properties.get("Role");
        if (!(role instanceof Map<?, ?> r) || !(r.get("Fn::GetAtt") instanceof List<?> att)) {
            problems.add(function + " must use a role of the template (Role: !GetAtt X.Arn)");
            return;
        }
        String roleId = String.valueOf(att.get(0));
        Permissions permissions = permissions(template, roleId);
        String who = function + " (role " + roleId + ") ";
        permissions.breadth().forEach(p -> problems.add(who + p));
        for (Statement statement : permissions.statements()) {
            boolean kms = statement.allow()
                    && statement.actions().stream()
                            .anyMatch(a -> a.toLowerCase(Locale.ROOT).startsWith("kms:"));
            if (kms && statement.conditionKeys().stream().noneMatch(k -> k.equalsIgnoreCase("kms:ViaService"))) {
                problems.add(who + statement.where() + " allows " + statement.actions() + " without a kms:ViaService"
                        + " condition: the key must be usable only through the service that holds the data");
            }
        }
        List<Need> needs = needs(template, function);
        for (Need need : needs) {
            permissions.check(need).forEach(p -> problems.add(who + p));
        }
        Set<String> needed = new LinkedHashSet<>();
        needs.forEach(n -> needed.add(n.action().toLowerCase(Locale.ROOT)));
        for (String action : permissions.allowedActions()) {
            if (!action.contains("*") && !needed.contains(action.toLowerCase(Locale.ROOT))) {
                problems.add(who + "allows " + action + ", which nothing it runs needs");
            }
        }
    }

    private Permissions permissions(Template template, String roleId) {
        List<Statement> statements = new ArrayList<>();
        Map<String, Object> role = template.properties(roleId);
        if (role.containsKey("ManagedPolicyArns")) {
            problems.add("Role " + roleId + " attaches managed policies, whose breadth this check cannot see: use"
                    + " inline policies");
        }
        Object policies = template.evaluate(role.getOrDefault("Policies", List.of()));
        for (Object policy : (List<?>) policies) {
            Map<String, Object> p = Template.map(policy, roleId + ".Policies");
            statements.addAll(statements(roleId + "/" + p.get("PolicyName"), p.get("PolicyDocument")));
        }
        for (Map.Entry<String, Map<String, Object>> attached :
                template.resources("AWS::IAM::RolePolicy").entrySet()) {
            Map<String, Object> p = template.properties(attached.getKey());
            if (roleId.equals(((Map<?, ?>) p.get("RoleName")).get("Ref"))) {
                statements.addAll(statements(attached.getKey(), template.evaluate(p.get("PolicyDocument"))));
            }
        }
        return new Permissions(statements);
    }

    private static List<Statement> statements(String where, Object document) {
        List<Statement> statements = new ArrayList<>();
        Object raw = Template.map(document, where).get("Statement");
        for (Object item : raw instanceof List<?> l ? l : List.of(raw)) {
            Map<String, Object> statement = Template.map(item, where);
            String sid = statement.get("Sid") == null ? "" : "." + statement.get("Sid");
            Set<String> conditionKeys = new LinkedHashSet<>();
            if (statement.get("Condition") instanceof Map<?, ?> condition) {
                condition.values().forEach(test -> {
                    if (test instanceof Map<?, ?> keys) {
                        keys.keySet().forEach(k -> conditionKeys.add(String.valueOf(k)));
                    }
                });
            }
            statements.add(new Statement(
                    where + sid,
                    "Allow".equals(statement.get("Effect")),
                    list(statement.get("Action")),
                    list(statement.get("Resource")),
                    conditionKeys));
        }
        return statements;
    }

    private static List<String> list(Object value) {
        return value instanceof List<?> l
                ? l.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** What the function needs allowed, each with the reason. */
    private List<Need> needs(Template template, String function) {
        List<Need> needs = new ArrayList<>();
        Map<String, Object> properties = template.properties(function);
        needs.add(new Need("logs:CreateLogStream", "logs", null, "the Lambda runtime writes its logs"));
        needs.add(new Need("logs:PutLogEvents", "logs", null, "the Lambda runtime writes its logs"));
        Optional<String> module = module(template, function);
        module.ifPresent(m -> {
            Map<String, String> calls = recordedCalls(m);
            calls.forEach((call, caller) -> {
                String[] parts = call.split(" ");
                String action = Permissions.action(parts[0], parts[1]);
                needs.add(new Need(
                        action,
                        action.substring(0, action.indexOf(':')),
                        null,
                        caller + " calls " + parts[0] + " " + parts[1]));
            });
            // A secret under a customer-managed key: Secrets Manager decrypts it with the caller's kms:Decrypt.
            Object secretKey = template.parameter("DatabaseSecretKmsKeyArn").orElse("");
            if (calls.containsKey("SecretsManager GetSecretValue")
                    && !String.valueOf(secretKey).isEmpty()) {
                needs.add(new Need(
                        "kms:Decrypt",
                        "kms",
                        String.valueOf(secretKey),
                        calls.get("SecretsManager GetSecretValue")
                                + " reads the database secret, which DatabaseSecretKmsKeyArn encrypts"));
            }
            String cluster = values.get("MskClusterArn");
            for (String[] kafka : KAFKA_CLIENT_ACTIONS.getOrDefault(m, List.of())) {
                for (String probe : probes(template, kafka[1])) {
                    needs.add(new Need(kafka[0], "kafka", kafkaArn(cluster, kafka[1], probe), kafka[2]));
                }
            }
        });
        if (properties.get("VpcConfig") != null) {
            VPC_ACTIONS.forEach(a -> needs.add(new Need(a, "ec2", "*", "Lambda attaches it to the VPC")));
        }
        Object invokeConfig = template.evaluate(properties.get("EventInvokeConfig"));
        if (invokeConfig instanceof Map<?, ?> c
                && c.get("DestinationConfig") instanceof Map<?, ?> d
                && d.get("OnFailure") instanceof Map<?, ?> onFailure
                && "SQS".equals(onFailure.get("Type"))) {
            needs.add(new Need(
                    "sqs:SendMessage",
                    "sqs",
                    String.valueOf(onFailure.get("Destination")),
                    "failed asynchronous invocations go to its queue"));
        }
        String name = String.valueOf(template.evaluate(Map.of("Ref", function)));
        for (Map.Entry<String, Map<String, Object>> mapping :
                template.resources("AWS::Lambda::EventSourceMapping").entrySet()) {
            Map<String, Object> m =
                    Template.map(template.evaluate(template.properties(mapping.getKey())), mapping.getKey());
            String target = String.valueOf(m.get("FunctionName"));
            if (!target.equals(name) && !target.startsWith(name + ":")) {
                continue;
            }
            String source = String.valueOf(m.get("EventSourceArn"));
            String why = "event source mapping " + mapping.getKey() + " consumes with its role";
            if (Permissions.service(source).equals("kafka")) {
                String topic = list(m.get("Topics")).get(0);
                String group = m.get("AmazonManagedKafkaEventSourceConfig") instanceof Map<?, ?> k
                        ? String.valueOf(k.get("ConsumerGroupId"))
                        : mapping.getKey();
                for (String[] action : KAFKA_MAPPING_ACTIONS) {
                    String resource = action[1] == null
                            ? "*"
                            : kafkaArn(source, action[1], action[1].equals("topic") ? topic : group);
                    needs.add(new Need(action[0], action[0].substring(0, action[0].indexOf(':')), resource, why));
                }
            }
            if (m.get("DestinationConfig") instanceof Map<?, ?> d && d.get("OnFailure") instanceof Map<?, ?> f) {
                String destination = String.valueOf(f.get("Destination"));
                if (Permissions.service(destination).equals("s3")) {
                    needs.add(new Need(
                            "s3:PutObject",
                            "s3",
                            destination + "/aws/lambda/" + mapping.getKey() + "/report",
                            why + " and reports failed batches under aws/lambda/"));
                    needs.add(new Need("s3:ListBucket", "s3", destination, why + " and reports failed batches"));
                }
            }
        }
        return needs;
    }

    /** Names to probe Kafka permissions with: a topic under the template's prefix, and the dead-letter topic. */
    private static List<String> probes(Template template, String kind) {
        if (!kind.equals("topic")) {
            return List.of("");
        }
        List<String> names = new ArrayList<>();
        template.parameter("TopicNamePrefix").ifPresent(prefix -> names.add(prefix + "probe"));
        template.parameter("DeadLetterTopic").ifPresent(topic -> names.add(String.valueOf(topic)));
        return names;
    }

    private static String kafkaArn(String cluster, String kind, String name) {
        if (kind.equals("cluster")) {
            return cluster;
        }
        String[] parts = cluster.split(":cluster/", 2);
        return parts[0] + ":" + kind + "/" + parts[1] + "/" + name;
    }

    /** Calls recorded by the module's tests ({@code target/aws-calls.txt}): "Service Operation" to the caller. */
    private Map<String, String> recordedCalls(String module) {
        Path file = repository.resolve(module).resolve("target/aws-calls.txt");
        Map<String, String> calls = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            problems.add("No AWS calls were recorded for " + module + " (" + file + "): run its tests first");
            return calls;
        }
        try (InputStream in = Files.newInputStream(file)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 3) {
                    calls.putIfAbsent(parts[0] + " " + parts[1], parts[2]);
                }
            }
        } catch (IOException e) {
            problems.add("Cannot read " + file + ": " + e.getMessage());
        }
        return calls;
    }
}
