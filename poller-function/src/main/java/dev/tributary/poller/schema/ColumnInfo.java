package dev.tributary.poller.schema;

import java.util.List;
import java.util.Optional;

/**
 * What the database says about one result column, as far as records need it.
 *
 * @param name column label
 * @param jdbcType {@link java.sql.Types} code
 * @param typeName PostgreSQL type name ({@code int4}, {@code timestamptz}, {@code _text} for text[], an enum's name)
 * @param precision declared precision (numeric), 0 when unconstrained
 * @param scale declared scale (numeric)
 * @param nullable whether the column may hold NULL; true when the database cannot tell (an expression)
 * @param enumLabels the labels of an enum type, in order
 */
public record ColumnInfo(
        String name,
        int jdbcType,
        String typeName,
        int precision,
        int scale,
        boolean nullable,
        Optional<List<String>> enumLabels) {

    /** The type to cast a text literal to in SQL ({@code serial} columns are reported by the driver as such). */
    public String castType() {
        return castType(typeName);
    }

    /** The type to cast a text literal to, for a type name as the driver reports it. */
    public static String castType(String typeName) {
        return switch (typeName) {
            case "serial" -> "int4";
            case "bigserial" -> "int8";
            case "smallserial" -> "int2";
            default -> typeName;
        };
    }

    /** The same column, marked as one that may hold NULL. */
    public ColumnInfo asNullable() {
        return nullable ? this : new ColumnInfo(name, jdbcType, typeName, precision, scale, true, enumLabels);
    }

    public boolean isTimestamp() {
        return typeName.equals("timestamp") || typeName.equals("timestamptz");
    }
}
