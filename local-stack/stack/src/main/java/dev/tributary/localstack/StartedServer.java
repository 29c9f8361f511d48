package dev.tributary.localstack;

import java.net.URI;

/**
 * A server started for the stack, as the stack keeps it: its endpoint and how to stop it.
 *
 * @param endpoint where to reach it
 * @param stop stops it and releases its port; never throws
 */
record StartedServer<E>(E endpoint, Runnable stop) implements LocalServer<E> {

    /**
     * An AWS-compatible server in a child process that announced its loopback port as its ready detail, signing with
     * these credentials.
     */
    static StartedServer<AwsEndpoint> aws(ChildProcess process, LocalCredentials credentials) {
        URI uri = URI.create("http://127.0.0.1:" + Integer.parseInt(process.readyDetail()));
        return new StartedServer<>(credentials.endpoint(uri), process::close);
    }

    /** An AWS-compatible server in this JVM, at this address. */
    static StartedServer<AwsEndpoint> aws(URI uri, Runnable stop) {
        return new StartedServer<>(LocalCredentials.DEFAULT.endpoint(uri), stop);
    }

    @Override
    public void close() {
        stop.run();
    }
}
