package dev.tributary.localstack;

/** A started local server: where to reach it, and how to stop it. */
interface LocalServer<E> extends AutoCloseable {

    E endpoint();

    /** Stops the server and releases its port; never throws. */
    @Override
    void close();
}
