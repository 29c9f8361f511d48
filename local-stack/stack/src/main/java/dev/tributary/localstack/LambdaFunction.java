package dev.tributary.localstack;

import dev.tributary.localstack.lambda.LambdaInvocationException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * A packaged function run as Lambda's Java runtime runs it: the {@code function.zip} unpacked as the task root, a
 * JVM running AWS's runtime interface client with the function's handler, and a Runtime API it polls for events.
 * Lambda's environment variables are set, and only those given: nothing leaks in from this process.
 *
 * <p>One sandbox, one invocation at a time. As on Lambda, a sandbox that dies during an invocation fails it with
 * {@code Runtime.ExitError}, one that outlives the timeout fails it with {@code Sandbox.Timedout}, and in both cases
 * the next invocation runs in a fresh sandbox (a cold start), as does the next one after a sandbox died between
 * invocations or failed its init.
 */
public final class LambdaFunction implements AutoCloseable {

    /** The handler of a Quarkus amazon-lambda function in JVM mode. */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private static final Logger LOG = Logger.getLogger(LambdaFunction.class);
    private static final String MAIN = "dev.tributary.localstack.lambda.LambdaProcessMain";

    private final Builder spec;
    private final Path taskRoot;
    private volatile LambdaSandbox sandbox;
    private volatile boolean invoking;
    private final AtomicLong invocations = new AtomicLong();
    /** Written under the lock (by sandbox starts), read without it: an invocation holds the lock while it runs. */
    private volatile long coldStarts;

    private volatile boolean closed;

    private LambdaFunction(Builder spec, Path taskRoot) {
        this.spec = spec;
        this.taskRoot = taskRoot;
    }

    /**
     * A function to run.
     *
     * @param name the function's name ({@code AWS_LAMBDA_FUNCTION_NAME})
     * @param code its {@code function.zip}, or a directory holding its unpacked content
     */
    public static Builder builder(String name, Path code) {
        return new Builder(name, code);
    }

    public String name() {
        return spec.name;
    }

    /** Where the function's output (its CloudWatch log, on AWS) goes. */
    public Path logFile() {
        return spec.workDirectory.resolve(spec.name + ".log");
    }

    /**
     * Sandboxes started so far: 1 after start, more after timeouts and crashes. Does not wait for a running
     * invocation.
     */
    public long coldStarts() {
        return coldStarts;
    }

    /** Whether an invocation is running now. */
    public boolean invoking() {
        return invoking;
    }

    /** Invocations started so far. */
    public long invocations() {
        return invocations.get();
    }

    /** Whether a sandbox is up and idle, its runtime client waiting for the next event. */
    public boolean awaitingEvent() {
        LambdaSandbox current = sandbox;
        return current != null && current.awaitingEvent();
    }

    /**
     * Kills the current sandbox with SIGKILL, as a crash would end it: an invocation running in it fails with
     * {@code Runtime.ExitError}, and the next one starts a fresh sandbox.
     *
     * @return whether there was a live sandbox to kill
     */
    public boolean killSandbox() {
        LambdaSandbox current = sandbox;
        long pid = current == null ? -1 : current.pid();
        Optional<ProcessHandle> process = pid < 0 ? Optional.empty() : ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().destroyForcibly()) {
            return false;
        }
        try {
            process.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalStackException("Cannot kill the sandbox of " + spec.name + " (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Invokes the function synchronously (RequestResponse) and returns its response.
     *
     * @throws LambdaInvocationException with the function's error, a timeout, the sandbox's exit, or the failed init
     *     of a fresh sandbox
     */
    public synchronized byte[] invoke(byte[] payload) {
        if (closed) {
            throw new LambdaInvocationException("Runtime.Closed", "Function " + spec.name + " was stopped", List.of());
        }
        invoking = true;
        invocations.incrementAndGet();
        try {
            if (sandbox == null || !sandbox.isAlive()) {
                replaceSandbox();
            }
            try {
                return sandbox.invoke(payload, spec.timeout, logFile());
            } finally {
                if (!sandbox.isAlive()) {
                    sandbox = null;
                }
            }
        } finally {
            invoking = false;
        }
    }

    /** {@link #invoke(byte[])} with UTF-8 JSON text. */
    public String invoke(String json) {
        return new String(invoke(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Ends the sandbox at once (Lambda reclaims execution environments without waiting for them). */
    @Override
    public void close() {
        // Not synchronized: an invocation or a start in progress holds the lock; killing its sandbox ends it.
        closed = true;
        killSandbox();
        synchronized (this) {
            if (sandbox != null) {
                sandbox.close();
                sandbox = null;
            }
        }
    }

    /**
     * Starts a fresh sandbox and waits for the function's init; the one it replaces, if any, is killed first.
     *
     * @throws LambdaInvocationException if the init fails or does not finish in time
     */
    private void replaceSandbox() {
        if (sandbox != null) {
            sandbox.kill();
            sandbox = null;
        }
        long begin = System.nanoTime();
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + (spec.memoryMb * 85 / 100) + "m");
        // Lambda's Java runtimes start with tiered compilation stopped at C1, for short cold starts.
        jvm.add("-XX:+TieredCompilation");
        jvm.add("-XX:TieredStopAtLevel=1");
        jvm.add("-Duser.timezone=UTC");
        // Each sandbox has a /tmp of its own, as on Lambda: the runtime client unpacks its native library there
        // under a fixed name, so sandboxes starting together must not share one.
        Path tmp = sandboxTmp();
        jvm.add("-Djava.io.tmpdir=" + tmp);
        List<String> command = JavaLauncher.command(
                "lambda-" + spec.name,
                "lambda-runtime",
                jvm,
                List.of(taskRoot.toString(), taskRoot.resolve("lib").toString() + File.separator + "*"),
                MAIN,
                List.of(spec.handler));
        coldStarts++;
        // Published before its init, so that close() and killSandbox() reach a sandbox that is still starting.
        LambdaSandbox starting = LambdaSandbox.launch(
                spec.name, arn(), spec.timeout, spec.initTimeout, command, environment(), logFile());
        sandbox = starting;
        try {
            if (closed) {
                throw new LambdaInvocationException(
                        "Runtime.Closed", "Function " + spec.name + " was stopped", List.of());
            }
            starting.awaitInit(spec.initTimeout, logFile());
        } catch (RuntimeException e) {
            starting.kill();
            sandbox = null;
            throw e;
        }
        LOG.infof(
                "Function %s ready in %d ms (cold start %d)",
                spec.name, (System.nanoTime() - begin) / 1_000_000, coldStarts);
    }

    /** Starts the first sandbox, so that a function that cannot start fails here. */
    private synchronized void startFirstSandbox() {
        try {
            replaceSandbox();
        } catch (LambdaInvocationException e) {
            throw new LocalStackException(
                    "Cannot start function " + spec.name + " because its init failed: " + e.getMessage(), e);
        }
    }

    /** The sandbox's temporary directory, beside its code. */
    private Path sandboxTmp() {
        Path tmp = taskRoot.resolveSibling(taskRoot.getFileName() + "-tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new LocalStackException("Cannot create the sandbox's temporary directory " + tmp, e);
        }
        return tmp;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("_HANDLER", spec.handler);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + spec.name);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("TMPDIR", sandboxTmp().toString());
        env.putAll(spec.environment);
        return env;
    }

    private String arn() {
        String region = spec.environment.getOrDefault("AWS_REGION", LocalCredentials.DEFAULT.region());
        return "arn:aws:lambda:" + region + ":000000000000:function:" + spec.name;
    }

    /** Unpacks a function.zip as Lambda does into the task root, replacing what an earlier run left there. */
    static Path unpack(Path zip, Path taskRoot) {
        try {
            if (Files.exists(taskRoot)) {
                try (Stream<Path> old = Files.walk(taskRoot)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(taskRoot);
            try (InputStream in = Files.newInputStream(zip);
                    ZipInputStream entries = new ZipInputStream(in)) {
                ZipEntry entry;
                while ((entry = entries.getNextEntry()) != null) {
                    Path target = taskRoot.resolve(entry.getName()).normalize();
                    if (!target.startsWith(taskRoot)) {
                        throw new LocalStackException("Cannot unpack " + zip + " because entry " + entry.getName()
                                + " points outside the task root");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(entries, target);
                    }
                }
            }
            return taskRoot;
        } catch (IOException e) {
            throw new LocalStackException("Cannot unpack " + zip + " into " + taskRoot + ": " + e.getMessage(), e);
        }
    }

    /** How to run a function: its handler, memory, timeout and environment. */
    public static final class Builder {

        private final String name;
        private final Path code;
        private String handler = QUARKUS_HANDLER;
        private int memoryMb = 1024;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration initTimeout = Duration.ofSeconds(60);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workDirectory;

        private Builder(String name, Path code) {
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "Cannot name a function '" + name + "': letters, digits, - and _" + " only, up to 64");
            }
            this.name = name;
            this.code = code;
        }

        /** {@code class::method}; default {@link #QUARKUS_HANDLER}. */
        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /** Memory size in MB (128 to 10240): sets the heap, as the sandbox's memory bounds it on Lambda. */
        public Builder memoryMb(int memoryMb) {
            if (memoryMb < 128 || memoryMb > 10_240) {
                throw new IllegalArgumentException("Cannot give function " + name + " " + memoryMb + " MB of memory:"
                        + " Lambda allows 128 to 10240");
            }
            this.memoryMb = memoryMb;
            return this;
        }

        /** Each invocation's limit (the deadline the function sees). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How long the function may take to start (JVM start and its init) before start fails. */
        public Builder initTimeout(Duration initTimeout) {
            this.initTimeout = initTimeout;
            return this;
        }

        /** Environment variables of the function's configuration, added to the ones Lambda sets. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Where the task root is unpacked and the log written; default a directory named after the function. */
        public Builder workDirectory(Path directory) {
            this.workDirectory = directory;
            return this;
        }

        /** Unpacks the code, starts the sandbox and waits for the function's init. */
        public LambdaFunction start() {
            if (workDirectory == null) {
                try {
                    workDirectory = Files.createTempDirectory(JavaLauncher.PROCESS_MARKER + "-lambda-" + name);
                } catch (IOException e) {
                    throw new LocalStackException(
                            "Cannot create a work directory for " + name + ": " + e.getMessage(), e);
                }
            }
            Path taskRoot = Files.isDirectory(code) ? code : unpack(code, workDirectory.resolve(name + "-task"));
            LambdaFunction function = new LambdaFunction(this, taskRoot);
            try {
                function.startFirstSandbox();
            } catch (RuntimeException e) {
                function.close();
                throw e;
            }
            return function;
        }
    }
}
