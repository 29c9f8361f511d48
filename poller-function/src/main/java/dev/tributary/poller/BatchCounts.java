package dev.tributary.poller;

/** The counts of one batch while it is read: rows read, and what became of them. Not thread-safe. */
final class BatchCounts {

    long read;
    long produced;
    long filtered;
    long deadLettered;
    /** Key and value bytes produced. */
    long bytes;

    void produced(long size) {
        produced++;
        bytes += size;
    }

    void filtered() {
        filtered++;
    }

    void deadLettered() {
        deadLettered++;
    }
}
