package dev.tributary.localstack.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.bootstrap.app.AugmentResult;
import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A function's Quarkus native build, run in the test's JVM up to the native-image call: every build step runs, and
 * the native-image stand-in in {@code .ci/native-image-standin} records the arguments and writes a placeholder
 * image. What the build registers for reflection, JNI and resources is then read from the native image source jar,
 * the same jar a real native-image would compile. Output goes to {@code target/native-build}, so the module's own
 * {@code target/function.zip} is left alone.
 *
 * <p>Helpers beside it find the classes that must be registered: those Jackson binds (reachable from the handler's
 * request and response types, or carrying Jackson annotations, or named as a class literal to an {@code ObjectMapper}
 * read).
 */
public final class NativeBuild {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static NativeBuild built;
    private static Error failure;

    private final Path sourceJar;
    private final Path nativeImage;
    private final List<String> nativeImageArgs;
    private final Map<String, Set<String>> reflection;
    private final Map<String, Set<String>> jniFields;
    private final List<String> resourcePatterns;

    private NativeBuild(
            Path sourceJar,
            Path nativeImage,
            List<String> nativeImageArgs,
            Map<String, Set<String>> reflection,
            Map<String, Set<String>> jniFields,
            List<String> resourcePatterns) {
        this.sourceJar = sourceJar;
        this.nativeImage = nativeImage;
        this.nativeImageArgs = nativeImageArgs;
        this.reflection = reflection;
        this.jniFields = jniFields;
        this.resourcePatterns = resourcePatterns;
    }

    /** The module's native build; run once per test JVM (about 10 s), and a failure reported to every caller. */
    public static synchronized NativeBuild of() {
        if (failure != null) {
            throw failure;
        }
        if (built == null) {
            try {
                built = run();
            } catch (RuntimeException | Error e) {
                failure = e instanceof Error error ? error : new AssertionError(e.getMessage(), e);
                throw failure;
            }
        }
        return built;
    }

    private static NativeBuild run() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path standIn = module.resolve("../.ci/native-image-standin").normalize();
        Path target = module.resolve("target/native-build");
        Properties build = new Properties();
        build.setProperty("quarkus.native.enabled", "true");
        build.setProperty("quarkus.native.container-build", "false");
        build.setProperty("quarkus.native.graalvm-home", standIn.toString());
        try {
            deleteTree(target);
            Files.createDirectories(target);
            try (CuratedApplication app = QuarkusBootstrap.builder()
                    .setApplicationRoot(module.resolve("target/classes"))
                    .setProjectRoot(module)
                    .setTargetDirectory(target)
                    .setMode(QuarkusBootstrap.Mode.PROD)
                    .setLocalProjectDiscovery(true)
                    .setBuildSystemProperties(build)
                    .build()
                    .bootstrap()) {
                AugmentResult result = app.createAugmentor().createProductionApplication();
                if (result.getNativeResult() == null) {
                    throw new AssertionError("The native build made no native image (is quarkus.native.enabled read?)");
                }
                Path sourceDir;
                try (Stream<Path> dirs = Files.list(target)) {
                    sourceDir = dirs.filter(p -> p.getFileName().toString().endsWith("-native-image-source-jar"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("No native image source jar in " + target));
                }
                Path jar;
                try (Stream<Path> jars = Files.list(sourceDir)) {
                    jar = jars.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("No runner jar in " + sourceDir));
                }
                List<String> args = Files.readAllLines(sourceDir.resolve("native-image.args"));
                return read(jar, result.getNativeResult(), args);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("The Quarkus native build failed: " + e, e);
        }
    }

    private static NativeBuild read(Path jar, Path nativeImage, List<String> args) throws IOException {
        Map<String, Set<String>> reflection = new TreeMap<>();
        Map<String, Set<String>> jni = new TreeMap<>();
        List<String> resources = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                ZipEntry entry = it.next();
                String name = entry.getName();
                if (!name.startsWith("META-INF/native-image/") || !name.endsWith(".json")) {
                    continue;
                }
                JsonNode json;
                try (InputStream in = zip.getInputStream(entry)) {
                    json = JSON.readTree(in);
                }
                if (name.endsWith("/reflect-config.json")) {
                    json.forEach(e -> reflection
                            .computeIfAbsent(e.path("name").asText(), k -> new TreeSet<>())
                            .addAll(flags(e)));
                } else if (name.endsWith("/reachability-metadata.json")) {
                    // The newer single-file format (GraalVM for JDK 23 on): "type" and "jniAccessible".
                    json.path("reflection").forEach(e -> {
                        String type = e.path("type").isTextual()
                                ? e.path("type").asText()
                                : e.path("type").toString();
                        if (e.path("jniAccessible").asBoolean()) {
                            jni.computeIfAbsent(type, k -> new TreeSet<>()).addAll(names(e.path("fields")));
                        } else {
                            reflection
                                    .computeIfAbsent(type, k -> new TreeSet<>())
                                    .addAll(flags(e));
                        }
                    });
                    json.path("resources")
                            .forEach(r -> resources.add(
                                    r.path("glob").asText(r.path("pattern").asText())));
                } else if (name.endsWith("/jni-config.json")) {
                    json.forEach(e -> jni.computeIfAbsent(e.path("name").asText(), k -> new TreeSet<>())
                            .addAll(names(e.path("fields"))));
                } else if (name.endsWith("/resource-config.json")) {
                    json.path("resources")
                            .path("includes")
                            .forEach(r -> resources.add(r.path("pattern").asText()));
                    json.path("globs").forEach(r -> resources.add(r.path("glob").asText()));
                }
            }
        }
        return new NativeBuild(jar, nativeImage, args, reflection, jni, resources);
    }

    private static Set<String> flags(JsonNode entry) {
        Set<String> flags = new TreeSet<>();
        entry.fieldNames().forEachRemaining(f -> {
            JsonNode v = entry.get(f);
            if (v.isBoolean() && v.asBoolean()) {
                flags.add(f);
            } else if (v.isArray() && !v.isEmpty()) {
                flags.add(f);
            }
        });
        return flags;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    /** The native image source jar, as a real native-image would be given it. */
    public Path sourceJar() {
        return sourceJar;
    }

    /** The stand-in's placeholder, where the native image would be. */
    public Path nativeImage() {
        return nativeImage;
    }

    /** The arguments of the native-image call. */
    public List<String> nativeImageArgs() {
        return nativeImageArgs;
    }

    /** Classes registered for reflection, with what of each (allDeclaredConstructors, methods, fields…). */
    public Map<String, Set<String>> reflection() {
        return reflection;
    }

    /** Classes registered for JNI, with their fields, from the source jar's own configuration. */
    public Map<String, Set<String>> jniFields() {
        return jniFields;
    }

    /** Resource patterns the build adds to the image. */
    public List<String> resourcePatterns() {
        return resourcePatterns;
    }

    /**
     * What of a class Jackson needs registered: its constructors (to create it) and its methods and fields (to find
     * and set its properties). An empty result means it is fully registered; otherwise what is missing.
     */
    public List<String> missingForJackson(String className) {
        Set<String> flags = reflection.get(className);
        if (flags == null) {
            return List.of("not registered");
        }
        List<String> missing = new ArrayList<>();
        if (!flags.contains("allDeclaredConstructors") && !flags.contains("allPublicConstructors")) {
            missing.add("constructors");
        }
        if (!flags.contains("allDeclaredMethods") && !flags.contains("allPublicMethods")) {
            missing.add("methods");
        }
        if (!flags.contains("allDeclaredFields") && !flags.contains("allPublicFields")) {
            missing.add("fields");
        }
        return missing;
    }

    /** Of the given classes, those not registered as Jackson needs them, with what each lacks. */
    public Map<String, List<String>> missingForJackson(Set<String> classNames) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (String className : classNames) {
            List<String> lacks = missingForJackson(className);
            if (!lacks.isEmpty()) {
                missing.put(className, lacks);
            }
        }
        return missing;
    }

    /**
     * The classes Jackson binds for a function: those reachable from its handler's request and response types, and
     * those of the anchors' code sources that carry Jackson annotations or are named to a data-binding call.
     */
    public static Set<String> jacksonClasses(Class<?> handler, Class<?>... anchors) {
        Set<String> bound = new TreeSet<>();
        jacksonBound(handlerTypes(handler)).forEach(c -> bound.add(c.getName()));
        Class<?>[] sources =
                Stream.concat(Stream.of(handler), Arrays.stream(anchors)).toArray(Class<?>[]::new);
        bound.addAll(jacksonAnnotated(sources));
        bound.addAll(jacksonClassLiterals(sources));
        return bound;
    }

    /** The request and response types of a Lambda {@code RequestHandler}. */
    public static Type[] handlerTypes(Class<?> handler) {
        return Arrays.stream(handler.getGenericInterfaces())
                .filter(t -> t instanceof ParameterizedType p
                        && p.getRawType().getTypeName().equals("com.amazonaws.services.lambda.runtime.RequestHandler"))
                .flatMap(t -> Arrays.stream(((ParameterizedType) t).getActualTypeArguments()))
                .toArray(Type[]::new);
    }

    /** Whether a class is registered so that it can be instantiated by name (Class.forName, then a constructor). */
    public boolean instantiable(String className) {
        Set<String> flags = reflection.get(className);
        return flags != null && (flags.contains("allDeclaredConstructors") || flags.contains("allPublicConstructors"));
    }

    /**
     * The application's own classes that Jackson binds from a root type: the type itself, and recursively the types
     * of its record components and instance fields and their type arguments. The JDK's types and Jackson's tree
     * model ({@link JsonNode}) are left out: Jackson handles them without reflection on application classes.
     */
    public static Set<Class<?>> jacksonBound(Type... roots) {
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>(Arrays.asList(roots));
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType p) {
                todo.push(p.getRawType());
                todo.addAll(Arrays.asList(p.getActualTypeArguments()));
            } else if (type instanceof GenericArrayType a) {
                todo.push(a.getGenericComponentType());
            } else if (type instanceof WildcardType w) {
                todo.addAll(Arrays.asList(w.getUpperBounds()));
            } else if (type instanceof TypeVariable<?> v) {
                todo.addAll(Arrays.asList(v.getBounds()));
            } else if (type instanceof Class<?> c) {
                if (c.isArray()) {
                    todo.push(c.getComponentType());
                    continue;
                }
                if (c.isPrimitive()
                        || c.isEnum()
                        || c.getName().startsWith("java.")
                        || JsonNode.class.isAssignableFrom(c)
                        || !found.add(c)) {
                    continue;
                }
                if (c.isRecord()) {
                    for (RecordComponent component : c.getRecordComponents()) {
                        todo.push(component.getGenericType());
                    }
                } else {
                    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                        for (Field field : k.getDeclaredFields()) {
                            if (!Modifier.isStatic(field.getModifiers())
                                    && !Modifier.isTransient(field.getModifiers())) {
                                todo.push(field.getGenericType());
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * Classes of the code sources (jars or class directories) of the given anchors that carry a Jackson annotation
     * on themselves, a constructor, a method, a field or a record component: classes Jackson is meant to bind.
     */
    public static Set<String> jacksonAnnotated(Class<?>... anchors) {
        Set<String> found = new TreeSet<>();
        for (String name : classNames(anchors)) {
            Class<?> c;
            try {
                c = Class.forName(name, false, anchors[0].getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            List<AnnotatedElement> elements = new ArrayList<>();
            elements.add(c);
            try {
                elements.addAll(Arrays.asList(c.getDeclaredConstructors()));
                elements.addAll(Arrays.asList(c.getDeclaredMethods()));
                elements.addAll(Arrays.asList(c.getDeclaredFields()));
                if (c.isRecord()) {
                    elements.addAll(Arrays.asList(c.getRecordComponents()));
                }
                Arrays.stream(c.getDeclaredConstructors())
                        .forEach(k -> Arrays.stream(k.getParameters()).forEach(elements::add));
            } catch (LinkageError e) {
                // A class whose optional dependencies are absent: Jackson could not bind it either.
                continue;
            }
            for (AnnotatedElement element : elements) {
                if (Arrays.stream(element.getDeclaredAnnotations())
                        .anyMatch(a -> a.annotationType().getName().startsWith("com.fasterxml.jackson.annotation."))) {
                    found.add(c.getName());
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Classes that the code of the given anchors' code sources names as a class literal to a Jackson data-binding
     * call ({@code readValue(…, Foo.class)}, {@code convertValue}, {@code treeToValue}, {@code readerFor},
     * {@code forType}, {@code constructType}): the most recent class constant before each such call.
     */
    public static Set<String> jacksonClassLiterals(Class<?>... anchors) {
        Set<String> found = new TreeSet<>();
        Set<String> calls = Set.of(
                "readValue",
                "readValues",
                "convertValue",
                "treeToValue",
                "readerFor",
                "forType",
                "constructType",
                "writerFor");
        for (Path root : roots(anchors)) {
            forEachClassFile(
                    root,
                    bytes -> new ClassReader(bytes)
                            .accept(
                                    new ClassVisitor(Opcodes.ASM9) {
                                        @Override
                                        public MethodVisitor visitMethod(
                                                int access,
                                                String name,
                                                String descriptor,
                                                String signature,
                                                String[] exceptions) {
                                            return new MethodVisitor(Opcodes.ASM9) {
                                                private String lastClass;

                                                @Override
                                                public void visitLdcInsn(Object value) {
                                                    if (value instanceof org.objectweb.asm.Type t
                                                            && t.getSort() == org.objectweb.asm.Type.OBJECT) {
                                                        lastClass = t.getClassName();
                                                    }
                                                }

                                                @Override
                                                public void visitMethodInsn(
                                                        int opcode,
                                                        String owner,
                                                        String method,
                                                        String desc,
                                                        boolean itf) {
                                                    if (owner.startsWith("com/fasterxml/jackson/databind/")
                                                            && calls.contains(method)
                                                            && desc.contains("Ljava/lang/Class;")
                                                            && lastClass != null) {
                                                        found.add(lastClass);
                                                    }
                                                }
                                            };
                                        }
                                    },
                                    ClassReader.SKIP_DEBUG));
        }
        return found;
    }

    /**
     * Classes of the given anchors' code sources that call into a package whose name starts with one of the given
     * prefixes (internal names, {@code org/apache/avro/reflect/}), with the first such call of each.
     */
    public static Map<String, String> callersOf(Set<String> packagePrefixes, Class<?>... anchors) {
        Map<String, String> found = new TreeMap<>();
        for (Path root : roots(anchors)) {
            forEachClassFile(root, bytes -> {
                ClassReader reader = new ClassReader(bytes);
                String caller = reader.getClassName().replace('/', '.');
                reader.accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode, String owner, String method, String desc, boolean itf) {
                                        if (packagePrefixes.stream().anyMatch(owner::startsWith)) {
                                            found.putIfAbsent(caller, owner.replace('/', '.') + "." + method);
                                        }
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_DEBUG);
            });
        }
        return found;
    }

    private static Set<String> classNames(Class<?>... anchors) {
        Set<String> names = new TreeSet<>();
        for (Path root : roots(anchors)) {
            forEachClassFile(root, bytes -> {
                String name = new ClassReader(bytes).getClassName().replace('/', '.');
                if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private static List<Path> roots(Class<?>... anchors) {
        Map<Path, Boolean> roots = new LinkedHashMap<>();
        for (Class<?> anchor : anchors) {
            try {
                roots.put(
                        Path.of(anchor.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI()),
                        true);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(roots.keySet());
    }

    private interface ClassFileConsumer {
        void accept(byte[] bytes);
    }

    private static void forEachClassFile(Path root, ClassFileConsumer consumer) {
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file :
                            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                        consumer.accept(Files.readAllBytes(file));
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(root.toFile())) {
                    for (Iterator<? extends ZipEntry> it = zip.entries().asIterator(); it.hasNext(); ) {
                        ZipEntry entry = it.next();
                        if (entry.getName().endsWith(".class")
                                && !entry.getName().startsWith("META-INF/")) {
                            try (InputStream in = zip.getInputStream(entry)) {
                                consumer.accept(in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
