package dev.tributary.catalog.schema;

import java.util.Locale;

/**
 * A column as the catalog registers it.
 *
 * @param name lower-case name, as Athena reads columns
 * @param type Hive type, as Glue and Athena take it ({@code bigint}, {@code decimal(12,4)}, {@code array<string>})
 */
public record Column(String name, String type) {

    public Column {
        name = name.toLowerCase(Locale.ROOT);
    }
}
