package dev.tributary.sink;

/** The rows of one sink, topic, Kafka partition and partition path: one object, or more when schemas clash. */
record ObjectGroup(SinkParts parts, String topic, int partition, String path) {}
