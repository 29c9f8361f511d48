package dev.tributary.catalog.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Hive types of a Parquet schema, as Athena (Trino's Parquet reader) reads them: integers by their width, DATE,
 * DECIMAL with precision and scale, TIMESTAMP whatever its unit or UTC flag, TIME(MICROS) as bigint (microseconds
 * since midnight), strings, UUID as binary (its 16 bytes), standard LISTs as arrays, MAPs, groups as structs.
 * A column of a type that no Hive type reads, DECIMAL beyond 38 digits or TIME(MILLIS), is left out with the reason.
 * Pure.
 */
public final class ParquetColumns {

    /** Athena's decimals hold at most 38 digits. */
    static final int MAX_DECIMAL_PRECISION = 38;

    private ParquetColumns() {}

    public static ObjectColumns of(MessageType schema) {
        List<Column> columns = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Type field : schema.getFields()) {
            try {
                columns.add(new Column(field.getName(), hiveType(field)));
            } catch (UnreadableType e) {
                leftOut.add("column " + field.getName() + " is " + e.getMessage() + "; it is left out of the table");
            }
        }
        return new ObjectColumns(columns, leftOut, true);
    }

    static String hiveType(Type type) {
        if (!type.isPrimitive()) {
            return groupType(type.asGroupType());
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            if (decimal.getPrecision() > MAX_DECIMAL_PRECISION) {
                // Its bytes read as a string would be the two's complement, not the number: nothing reads it.
                throw new UnreadableType("Parquet DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale()
                        + ") while Athena's decimals hold at most " + MAX_DECIMAL_PRECISION + " digits");
            }
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return "date";
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return "timestamp";
        }
        if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time) {
            // Hive has no time type. Trino's Parquet reader reads an INT64 TIME as bigint (its raw count in the
            // annotation's unit) but refuses an INT32 TIME(MILLIS) as int or bigint.
            if (primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64) {
                return "bigint";
            }
            throw new UnreadableType("Parquet TIME(" + time.getUnit() + ") stored as "
                    + primitive.getPrimitiveTypeName() + ", which Athena reads as no Hive type (an INT64"
                    + " TIME(MICROS) would read as bigint)");
        }
        if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer) {
            return switch (integer.getBitWidth()) {
                case 8 -> "tinyint";
                case 16 -> "smallint";
                case 32 -> "int";
                default -> "bigint";
            };
        }
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            return "string";
        }
        if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            // A UUID is 16 raw bytes (FIXED_LEN_BYTE_ARRAY): Trino reads them as varbinary, while string would
            // hand back the raw bytes as text. to_hex(column) shows them.
            return "binary";
        }
        return switch (primitive.getPrimitiveTypeName()) {
            case BOOLEAN -> "boolean";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case INT96 -> "timestamp";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BINARY, FIXED_LEN_BYTE_ARRAY -> "binary";
        };
    }

    /** A Parquet type that no Hive type reads in Athena; the message says which and why. */
    private static final class UnreadableType extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnreadableType(String message) {
            super(message, null, false, false);
        }
    }

    private static String groupType(GroupType group) {
        LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1) {
            Type repeated = group.getType(0);
            Type element = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
                    ? repeated
                    : repeated.asGroupType().getType(0);
            return "array<" + hiveType(element) + ">";
        }
        if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
                && group.getFieldCount() == 1) {
            GroupType entry = group.getType(0).asGroupType();
            return "map<" + hiveType(entry.getType(0)) + "," + hiveType(entry.getType(1)) + ">";
        }
        StringJoiner struct = new StringJoiner(",", "struct<", ">");
        for (Type field : group.getFields()) {
            try {
                struct.add(field.getName().toLowerCase(Locale.ROOT) + ":" + hiveType(field));
            } catch (UnreadableType e) {
                throw new UnreadableType("a struct whose field " + field.getName() + " is " + e.getMessage());
            }
        }
        return struct.toString();
    }
}
