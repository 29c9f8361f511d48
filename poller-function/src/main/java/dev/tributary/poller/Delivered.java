package dev.tributary.poller;

/** What became of one row handed to {@link RecordDelivery}. */
enum Delivered {
    /** Produced to its topic. */
    PRODUCED,
    /** Dropped by a transform. */
    FILTERED,
    /** Sent to the dead-letter topic with its reason. */
    DEAD_LETTERED
}
