package dev.tributary.localstack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function for testing the local Lambda sandbox, run in its own JVM: it answers with what it sees (its payload,
 * request id, remaining time, environment), fails, runs long, or exits, as its payload asks.
 */
public class ProbeHandler implements RequestStreamHandler {

    static {
        if ("true".equals(System.getenv("PROBE_FAIL_INIT"))) {
            throw new IllegalStateException("Cannot start: PROBE_FAIL_INIT is set");
        }
        String failWhile = System.getenv("PROBE_FAIL_INIT_WHILE_EXISTS");
        if (failWhile != null && java.nio.file.Files.exists(java.nio.file.Path.of(failWhile))) {
            throw new IllegalStateException("Cannot start: " + failWhile + " exists");
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String payload = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (payload.contains("\"do\":\"fail\"")) {
            throw new IllegalArgumentException("Cannot handle a payload that asks to fail");
        }
        if (payload.contains("\"do\":\"exit\"")) {
            Runtime.getRuntime().halt(3);
        }
        if (payload.contains("\"do\":\"sleep\"")) {
            try {
                // A function that hangs past its timeout: nothing ever releases it; the sandbox is killed first.
                new java.util.concurrent.CountDownLatch(1).await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String answer = "{\"payload\":" + payload
                + ",\"requestId\":\"" + context.getAwsRequestId() + "\""
                + ",\"remainingMs\":" + context.getRemainingTimeInMillis()
                + ",\"functionName\":\"" + System.getenv("AWS_LAMBDA_FUNCTION_NAME") + "\""
                + ",\"arn\":\"" + context.getInvokedFunctionArn() + "\""
                + ",\"zone\":\"" + java.util.TimeZone.getDefault().getID() + "\""
                + ",\"home\":" + (System.getenv("HOME") == null ? "null" : "\"set\"")
                + ",\"custom\":\"" + System.getenv("PROBE_SETTING") + "\"}";
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
