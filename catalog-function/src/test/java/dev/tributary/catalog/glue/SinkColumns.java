package dev.tributary.catalog.glue;

import dev.tributary.catalog.schema.Column;
import java.util.ArrayList;
import java.util.List;

/** The columns of a table as the sink writes it in Parquet: the record's fields, its metadata columns, the rest. */
final class SinkColumns {

    /** The metadata columns that every object of the sink has, in its order. */
    static final List<Column> METADATA = List.of(
            new Column("__topic", "string"),
            new Column("__partition", "int"),
            new Column("__offset", "bigint"),
            new Column("__timestamp", "timestamp"),
            new Column("__source_ts", "timestamp"));

    private SinkColumns() {}

    /** The fields, then the sink's metadata columns, then the columns that follow them (operation, key, later). */
    static List<Column> around(List<Column> fields, Column... after) {
        List<Column> columns = new ArrayList<>(fields);
        columns.addAll(METADATA);
        columns.addAll(List.of(after));
        return List.copyOf(columns);
    }
}
