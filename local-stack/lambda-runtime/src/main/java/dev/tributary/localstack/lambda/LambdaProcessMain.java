package dev.tributary.localstack.lambda;

import java.io.IOException;
import java.io.InputStream;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;

/**
 * Runs a function in a local Lambda sandbox: AWS's runtime interface client, unchanged, with the handler given as
 * the first argument, polling the Runtime API at {@code AWS_LAMBDA_RUNTIME_API}.
 *
 * <p>Two things are added around it, and nothing inside it: a ready line on stdout for the launcher, and a lifeline
 * on stdin, so that the sandbox exits when the process that started it dies, as Lambda reclaims its sandboxes.
 */
public final class LambdaProcessMain {

    /** The launcher waits for a line starting with this (the local stack's child-process protocol). */
    private static final String READY_MARKER = "TRIBUTARY-READY";

    private LambdaProcessMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread lifeline = new Thread(LambdaProcessMain::exitWhenStdinCloses, "lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
        System.out.println(READY_MARKER + " " + ProcessHandle.current().pid());
        System.out.flush();
        AWSLambda.main(args);
    }

    private static void exitWhenStdinCloses() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // Nothing is ever written; reading only waits for end of file.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of file: the launcher is gone.
        }
        System.exit(0);
    }
}
