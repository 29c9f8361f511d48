package dev.tributary.local;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Local mode's command: the whole pipeline on embedded services, exactly as it runs on Lambda. Exit 0 with a
 * one-line summary when the walkthrough completes and the lake matches PostgreSQL; 1 when it fails, with what
 * failed and why; 2 for a bad command line; 130 when stopped (Ctrl-C) before it finished.
 */
public final class LocalMode {

    private LocalMode() {}

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs local mode and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println();
            err.print(LocalOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(LocalOptions.USAGE);
            return 0;
        }
        Progress progress = new Progress(out);
        LocalRun run = new LocalRun(options, progress);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread shutdown = new Thread(
                () -> {
                    stopping.set(true);
                    run.close();
                    stopped.countDown();
                },
                "local-mode-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            run.start();
            String summary;
            if (options.seedWalkthrough()) {
                Walkthrough walkthrough = new Walkthrough(run, progress);
                Walkthrough.Outcome first = walkthrough.initialLoad();
                Walkthrough.Outcome last = run.sampleCreated ? walkthrough.seedChanges() : first;
                if (!last.matches()) {
                    err.println("FAILED: the lake's current state of addresses 100 to 105 differs from PostgreSQL"
                            + " (see the table above)");
                    return 1;
                }
                summary = summary("walkthrough", last, run, progress, options);
            } else {
                Walkthrough.Outcome first = new Walkthrough(run, progress).firstPass();
                summary = summary("first pass", first, run, progress, options);
            }
            out.println();
            out.println(summary);
            if (options.keepRunning()) {
                out.println("Running until Ctrl-C; function logs in "
                        + options.workDirectory().resolve("functions"));
                stopped.await();
            }
            return 0;
        } catch (LocalModeException e) {
            if (stopping.get()) {
                err.println("Stopped before the walkthrough finished");
                return 130;
            }
            err.println("FAILED: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted");
            return 1;
        } catch (Exception e) {
            if (stopping.get()) {
                err.println("Stopped before the walkthrough finished");
                return 130;
            }
            err.println("FAILED: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
                run.close();
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook closes the run.
            }
        }
    }

    /** The closing line of a run that reached its end: what it polled, wrote and registered, and where. */
    private static String summary(
            String step, Walkthrough.Outcome outcome, LocalRun run, Progress progress, LocalOptions options) {
        return String.format(
                "OK: %s complete in %.1f s: %,d rows polled, %,d objects, %d Glue tables and views, %,d partitions;"
                        + " lake in %s",
                step,
                progress.seconds(),
                run.schedule.rows(),
                outcome.objects(),
                outcome.tables(),
                outcome.partitions(),
                options.lakeDirectory());
    }

    /** Libraries' own logging (the servers, Kafka clients) would drown the progress lines: warnings only. */
    private static void quietLibraries() {
        // SLF4J's level is in simplelogger.properties; the JDK's logging (the local services) is set here.
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }
}
