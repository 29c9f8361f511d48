package dev.tributary.localstack.lambda;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Runs a function in a local Lambda sandbox: AWS's runtime interface client, unchanged, with the handler given as
 * the first argument, polling the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}.
 *
 * <p>Three things are added around it, and nothing inside it: a ready line on stdout for the launcher, a lifeline
 * on stdin, so that the sandbox ends at once when the process that started it dies, as Lambda reclaims its sandboxes, and
 * the client's native library unpacked into the sandbox's own temporary directory.
 */
public final class LambdaProcessMain {

    /** The launcher waits for a line starting with this (the local stack's child-process protocol). */
    private static final String READY_MARKER = "TRIBUTARY-READY";
    /** The runtime client loads its native library from this path when it is set (JniHelper). */
    private static final String NATIVE_LIBRARY_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private LambdaProcessMain() {}

    public static void main(String[] args) throws Throwable {
        Thread lifeline = new Thread(LambdaProcessMain::exitWhenStdinCloses, "lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
        unpackNativeLibrary();
        System.out.println(READY_MARKER + " " + ProcessHandle.current().pid());
        System.out.flush();
        AWSLambda.main(args);
    }

    /**
     * Left to itself, the client unpacks its library to /tmp/.libaws-lambda-jni.so, a path every sandbox shares here
     * (on Lambda each has its own /tmp): sandboxes starting together overwrite it under one another's loader, which
     * crashes them. Each sandbox gets its own copy, in java.io.tmpdir (the sandbox's, set by the launcher).
     */
    private static void unpackNativeLibrary() throws IOException {
        if (System.getProperty(NATIVE_LIBRARY_PROPERTY) != null) {
            return;
        }
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
        boolean musl =
                Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        String resource = "/jni/libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
        try (InputStream in = AWSLambda.class.getResourceAsStream(resource)) {
            if (in == null) {
                return;
            }
            Path library = Files.createTempFile("libaws-lambda-jni-", ".so");
            library.toFile().deleteOnExit();
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            System.setProperty(NATIVE_LIBRARY_PROPERTY, library.toString());
        }
    }

    private static void exitWhenStdinCloses() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // Nothing is ever written; reading only waits for end of file.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of file: the launcher is gone.
        }
        // At once, without shutdown hooks, as Lambda ends an execution environment: a function still in its init
        // (waiting on a database that is gone, say) must not keep the sandbox alive.
        Runtime.getRuntime().halt(0);
    }
}
