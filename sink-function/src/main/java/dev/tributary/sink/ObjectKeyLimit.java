package dev.tributary.sink;

import dev.tributary.core.lake.HivePath;
import dev.tributary.core.lake.ObjectKey;
import dev.tributary.sink.schema.LakeRow;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.errors.DataException;

/**
 * S3's limit on an object key's length. Refused while it is placed, a record that can never be written goes to the
 * dead letters alone, whatever records share its object; an object S3 refused would fail the batch on every retry.
 * A key's length varies only with its path (offsets are zero-padded to 10 digits, extensions are per sink), unless an
 * offset outgrows the padding: paths known to fit are remembered, since most records of a batch share a few. One
 * instance per thread.
 */
final class ObjectKeyLimit {

    /** S3's longest key, in bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;
    /** The first offset with more digits than an object key pads offsets to. */
    private static final long UNPADDED_OFFSETS = 10_000_000_000L;

    private final Set<FittingPath> fitting = new HashSet<>();

    /** A sink, topic and partition path whose object keys fit. */
    private record FittingPath(SinkParts parts, String topic, String path) {}

    /**
     * Refuses a record whose object key would be longer than S3 allows. The record's own offset is at least its
     * object's first offset, so its key is at least as long as the object's.
     *
     * @throws DataException naming the key and its length
     */
    void require(SinkParts parts, LakeRow row, String path) {
        FittingPath fit = new FittingPath(parts, row.topic(), path);
        if (row.offset() >= UNPADDED_OFFSETS || !fitting.contains(fit)) {
            requireFits(parts, row, path);
            fitting.add(fit);
        }
    }

    private static void requireFits(SinkParts parts, LakeRow row, String path) {
        String key;
        try {
            key = new ObjectKey(
                            parts.config.topicsDir(),
                            row.topic(),
                            path,
                            row.partition(),
                            row.offset(),
                            parts.encoder.extension())
                    .key();
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
        int length = HivePath.utf8Length(key);
        if (length > MAX_KEY_BYTES) {
            throw new DataException("Cannot write the record to " + abbreviated(key) + " because the object key"
                    + " would be " + length + " bytes of UTF-8, more than S3's " + MAX_KEY_BYTES + "; its partition"
                    + " path is " + HivePath.utf8Length(path) + " bytes");
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
