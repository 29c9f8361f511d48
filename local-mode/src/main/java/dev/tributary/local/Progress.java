package dev.tributary.local;

import java.io.PrintStream;

/** Progress lines on the terminal, each with the time since local mode started; safe from any thread. */
final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    /** A heading for a step of the run. */
    synchronized void section(String title) {
        out.println();
        out.println("== " + title);
    }

    /** A line from one part of the pipeline: {@code [  12.3s] poller   1,815 rows ...}. */
    synchronized void line(String who, String what) {
        out.printf("[%6.1fs] %-8s %s%n", seconds(), who, what);
    }

    /** Text printed as it is (tables). */
    synchronized void print(String text) {
        out.print(text);
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
