package dev.tributary.poller;

import dev.tributary.poller.capture.Watermark;
import dev.tributary.poller.kafka.Acknowledgements;
import java.util.List;

/**
 * One batch read and handed to the producer.
 *
 * @param counts rows read, produced, filtered and dead-lettered, and the bytes produced
 * @param last the position of the last row read; null when none was
 * @param acks the acknowledgements of its records
 * @param handedOver how many records the sender had been handed when the batch ended
 * @param keys the keys delivered, each as its columns' text, when the relation's keys are collected
 */
record Batch(BatchCounts counts, Watermark last, Acknowledgements acks, long handedOver, List<String[]> keys) {

    long rowsRead() {
        return counts.read;
    }
}
