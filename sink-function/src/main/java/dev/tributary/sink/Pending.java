package dev.tributary.sink;

import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.schema.LakeRow;

/** A row on its way to an object or table, with the record it came from, for its dead letter. */
record Pending(LakeRow row, InputRecord source) {}
