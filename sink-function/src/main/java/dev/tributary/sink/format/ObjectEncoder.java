package dev.tributary.sink.format;

import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the rows of one object into its bytes. Encoders are thread-safe; the writers they open are not. */
public interface ObjectEncoder {

    /** Starts an object in the layout's columns. */
    ObjectWriter open(RowLayout layout);

    /**
     * Refuses a record that objects of this format cannot hold, whatever other records they have.
     *
     * @param dropped value fields left out of objects (partition fields)
     * @param withMetadata whether objects have the metadata columns and the key
     * @throws org.apache.kafka.connect.errors.DataException saying why
     */
    default void check(LakeRow row, Set<String> dropped, boolean withMetadata) {}

    /** The extension of objects, after the dot: {@code snappy.parquet}, {@code json.gz}, … */
    String extension();

    /** The MIME type of objects. */
    String contentType();

    /** The S3 user metadata of an object in these columns (without the {@code x-amz-meta-} prefix). */
    default Map<String, String> metadata(RowLayout layout) {
        return Map.of();
    }

    /**
     * The object's bytes: every row, in order, in the layout's columns.
     *
     * @throws org.apache.kafka.connect.errors.DataException if a row's values do not fit the columns
     */
    default byte[] encode(List<LakeRow> rows, RowLayout layout) {
        ObjectWriter writer = open(layout);
        rows.forEach(writer::add);
        return writer.finish();
    }

    static ObjectEncoder of(SinkConfig sink) {
        return switch (sink.format()) {
            case PARQUET -> new ParquetEncoder(sink.compression());
            case JSON -> new JsonLinesEncoder(sink.compression(), sink.jsonStyle(), sink.jsonDecimalFormat());
            // Iceberg tables hold Parquet files: a row Parquet cannot hold is refused as for a Parquet sink.
            case ICEBERG -> new ParquetEncoder(sink.compression());
        };
    }

    /**
     * One object being built. Each row is converted when it is added, so a row whose values cannot be written is
     * refused alone, before anything is encoded, and the object is made of the others.
     */
    interface ObjectWriter {

        /**
         * Adds a row, or refuses it and leaves the object as it was.
         *
         * @throws org.apache.kafka.connect.errors.DataException naming the field whose value cannot be written
         */
        void add(LakeRow row);

        /** The rows added. */
        int rows();

        /** The object's bytes, once every row is added. */
        byte[] finish();
    }
}
