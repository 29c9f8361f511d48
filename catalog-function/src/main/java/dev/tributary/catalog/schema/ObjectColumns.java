package dev.tributary.catalog.schema;

import java.util.List;

/**
 * The columns of a data object as the catalog registers them, in the object's order, and the columns it leaves
 * out because Athena cannot read their type, each with the reason.
 *
 * @param columns the columns to register
 * @param leftOut why each column left out cannot be registered, naming the column and its Parquet type; or why the
 *     columns' types are not the ones the object was written with
 * @param exact whether the types are the ones the object was written with (a Parquet footer, a JSON object's declared
 *     types), not inferred from a JSON object's values, which read a timestamp as a string and an int as a bigint
 */
public record ObjectColumns(List<Column> columns, List<String> leftOut, boolean exact) {

    public ObjectColumns {
        columns = List.copyOf(columns);
        leftOut = List.copyOf(leftOut);
    }

    /** Columns that all have a type Athena reads, as the object was written. */
    public static ObjectColumns of(List<Column> columns) {
        return new ObjectColumns(columns, List.of(), true);
    }
}
