package dev.tributary.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The sink's worker threads: decode chunks of a batch, and encode and upload its objects, in parallel. Daemon
 * threads, so that a function's JVM never waits for them.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;

    Workers(int threads) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "tributary-sink-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Uploads wait on the network: more workers than processors keep S3 busy while others encode. */
    static Workers forUploads() {
        return new Workers(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs the work on the workers and returns the results in the items' order. One item runs on the calling thread.
     * Every item is waited for; then the first failure, in the items' order, is rethrown.
     */
    <T, R> List<R> map(List<T> items, Function<T, R> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
