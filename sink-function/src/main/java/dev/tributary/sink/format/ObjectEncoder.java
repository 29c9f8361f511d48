package dev.tributary.sink.format;

import java.util.List;

import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;

/** Turns the rows of one object into its bytes. Implementations are not thread-safe. */
public interface ObjectEncoder {

    /** The object's bytes: the rows, in order, in the layout's columns. */
    byte[] encode(List<LakeRow> rows, RowLayout layout);

    /** The extension of objects, after the dot: {@code snappy.parquet}, {@code json.gz}, … */
    String extension();

    /** The MIME type of objects. */
    String contentType();

    static ObjectEncoder of(SinkConfig sink) {
        return switch (sink.format()) {
            case PARQUET -> new ParquetEncoder(sink.compression());
            case JSON -> new JsonLinesEncoder(sink.compression(), sink.jsonStyle(), sink.jsonDecimalFormat());
        };
    }
}
