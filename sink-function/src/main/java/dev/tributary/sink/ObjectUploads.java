package dev.tributary.sink;

import dev.tributary.core.lake.ObjectKey;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.Grouping.Segment;
import dev.tributary.sink.format.ObjectEncoder;
import dev.tributary.sink.schema.RowLayout;
import dev.tributary.sink.schema.SchemaRuns;
import dev.tributary.sink.storage.LakeStore;
import dev.tributary.sink.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and uploads objects. Rows are converted one by one before anything is encoded, and a row whose values
 * cannot be written (a decimal beyond its precision, a time that cannot be read) goes to the dead letters alone; the
 * object is then laid out again from the others, so that it has no column only a refused row had. Only a failure to
 * upload fails the batch. An object is named after its first offset, so a batch delivered again rewrites it.
 */
final class ObjectUploads {

    private final LakeStore store;

    ObjectUploads(LakeStore store) {
        this.store = store;
    }

    /**
     * Writes one object.
     *
     * @throws StorageException if it cannot be uploaded
     */
    Written write(Segment segment) {
        ObjectGroup group = segment.group();
        SinkConfig sink = group.parts().config;
        ObjectEncoder encoder = group.parts().encoder;
        List<Pending> rows = segment.rows();
        List<DeadLetter> dead = new ArrayList<>();
        while (!rows.isEmpty()) {
            RowLayout layout;
            try {
                layout = SchemaRuns.layout(rows, Pending::row, group.parts().dropped, sink.metadataColumns());
            } catch (RuntimeException e) {
                String reason = "Cannot lay out an object for the records of " + group.topic() + "+" + group.partition()
                        + " at " + group.path() + " because " + DeadLetter.reason(e);
                rows.forEach(pending -> dead.add(DeadLetter.of(sink, pending.source(), reason)));
                break;
            }
            ObjectEncoder.ObjectWriter writer = encoder.open(layout);
            List<Pending> accepted = new ArrayList<>(rows.size());
            for (Pending pending : rows) {
                try {
                    writer.add(pending.row());
                    accepted.add(pending);
                } catch (RuntimeException e) {
                    dead.add(DeadLetter.of(sink, pending.source(), e));
                }
            }
            if (accepted.size() < rows.size()) {
                rows = accepted;
                continue;
            }
            ObjectKey objectKey = new ObjectKey(
                    sink.topicsDir(),
                    group.topic(),
                    group.path(),
                    group.partition(),
                    rows.get(0).row().offset(),
                    encoder.extension());
            S3Location location = new S3Location(sink.bucket(), objectKey.key());
            store.put(location, writer.finish(), encoder.contentType(), encoder.metadata(layout));
            return new Written(location.toString(), rows.size(), dead);
        }
        return new Written(null, 0, dead);
    }
}
