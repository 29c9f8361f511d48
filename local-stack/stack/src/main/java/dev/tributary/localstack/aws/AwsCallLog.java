package dev.tributary.localstack.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every AWS API operation that a module's production code calls while its tests run, as
 * {@code <Service> <Operation> <calling class>} lines in the file named by the system property
 * {@value #FILE_PROPERTY}, once per operation. The deployment template's tests check that each function's IAM policy
 * allows what its code was seen to call.
 *
 * <p>The SDK side is {@code AwsCallInterceptor} ({@code src/aws-call-interceptor}), compiled into each function
 * module's tests and registered as a global SDK interceptor; it passes plain names here, so that no SDK type crosses
 * class loaders (Quarkus tests load the SDK in their own). Calls made by test code itself (setting up buckets or
 * tables) are not recorded: the first frame on the stack from the module's own code must be a main class
 * ({@code target/classes}), not a test class ({@code target/test-classes}).
 */
public final class AwsCallLog {

    /** The system property naming the file to write; nothing is recorded without it. */
    public static final String FILE_PROPERTY = "tributary-test.aws-calls-file";

    private static final String STARTED_PROPERTY = FILE_PROPERTY + ".started";
    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();
    private static final StackWalker WALKER = StackWalker.getInstance();

    private AwsCallLog() {}

    /** Records a call about to be made, if production code makes it. */
    public static void record(String service, String operation) {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null) {
            return;
        }
        Optional<String> caller = productionCaller();
        String call = service + " " + operation;
        if (caller.isEmpty() || !RECORDED.add(call)) {
            return;
        }
        // Copies of this class in other class loaders share the file: the system properties are the one object they
        // all see, to start the file once per test run and to append in turn.
        synchronized (System.getProperties()) {
            try {
                if (System.getProperty(STARTED_PROPERTY) == null) {
                    Files.deleteIfExists(Path.of(file));
                    System.setProperty(STARTED_PROPERTY, "true");
                }
                Files.writeString(
                        Path.of(file),
                        call + " " + caller.get() + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot record an AWS call in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The first class on the stack of this module's own code, main or test, if it is main code. Classes of other
     * modules (a test's helper from another function, the core) are looked through, to whoever called them.
     */
    private static Optional<String> productionCaller() {
        return WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(name ->
                                name.startsWith("dev.tributary.") && !name.startsWith("dev.tributary.localstack."))
                        .filter(name -> compiledIn("classes", name) || compiledIn("test-classes", name))
                        .findFirst())
                .filter(name -> compiledIn("classes", name));
    }

    private static boolean compiledIn(String directory, String className) {
        return Files.exists(Path.of("target", directory, className.replace('.', '/') + ".class"));
    }
}
