package dev.tributary.catalog.schema;

import java.util.List;

/**
 * The columns of a data object as the catalog registers them, in the object's order, and the columns it leaves
 * out because Athena cannot read their type, each with the reason.
 *
 * @param columns the columns to register
 * @param leftOut why each column left out cannot be registered, naming the column and its Parquet type
 */
public record ObjectColumns(List<Column> columns, List<String> leftOut) {

    public ObjectColumns {
        columns = List.copyOf(columns);
        leftOut = List.copyOf(leftOut);
    }

    /** Columns that all have a type Athena reads. */
    public static ObjectColumns of(List<Column> columns) {
        return new ObjectColumns(columns, List.of());
    }
}
