package dev.tributary.poller.schema;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.function.Function;

/**
 * The inverse of a precise mapping's reader: the exact PostgreSQL text of a value it read, so that a high-water mark
 * can be taken from a row without reading the column twice.
 */
final class ValueLiterals {

    private ValueLiterals() {}

    /** The text of a value read from the column, or null where the value does not determine it. */
    static Function<Object, String> of(ColumnInfo column, NumericMapping mapping) {
        return switch (column.typeName()) {
            case "int2",
                    "smallserial",
                    "int4",
                    "serial",
                    "int8",
                    "bigserial",
                    "oid",
                    "text",
                    "varchar",
                    "bpchar",
                    "uuid",
                    "name",
                    "citext" -> String::valueOf;
            case "numeric" ->
                mapping == NumericMapping.NONE || column.scale() == 0 && column.precision() > 0
                        ? value -> value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value)
                        : null;
            case "timestamptz" -> String::valueOf;
            case "timestamp" ->
                value -> LocalDateTime.ofEpochSecond(
                                Math.floorDiv((Long) value, 1_000_000L),
                                (int) Math.floorMod((Long) value, 1_000_000L) * 1000,
                                ZoneOffset.UTC)
                        .toString();
            case "date" ->
                value -> LocalDate.ofEpochDay(((Date) value).getTime() / 86_400_000L)
                        .toString();
            default -> column.enumLabels().isPresent() ? String::valueOf : null;
        };
    }
}
