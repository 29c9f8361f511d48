package dev.tributary.poller.state;

import dev.tributary.poller.capture.Watermark;

/**
 * A high-water mark as stored, with the version that the next conditional write must find.
 *
 * @param watermark the position
 * @param version incremented by every write; a write succeeds only if the stored version is still this one
 */
public record StoredMark(Watermark watermark, long version) {}
