package dev.tributary.catalog.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Hive types of a Parquet schema, as Athena reads them: integers by their width, DATE, DECIMAL with precision and
 * scale, TIMESTAMP whatever its unit or UTC flag, strings, standard LISTs as arrays, MAPs, groups as structs.
 * Pure.
 */
public final class ParquetColumns {

    private ParquetColumns() {
    }

    public static List<Column> of(MessageType schema) {
        List<Column> columns = new ArrayList<>();
        for (Type field : schema.getFields()) {
            columns.add(new Column(field.getName(), hiveType(field)));
        }
        return columns;
    }

    static String hiveType(Type type) {
        if (!type.isPrimitive()) {
            return groupType(type.asGroupType());
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return "date";
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return "timestamp";
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
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            return "string";
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

    private static String groupType(GroupType group) {
        LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1) {
            Type repeated = group.getType(0);
            Type element = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
                    ? repeated : repeated.asGroupType().getType(0);
            return "array<" + hiveType(element) + ">";
        }
        if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && group.getFieldCount() == 1) {
            GroupType entry = group.getType(0).asGroupType();
            return "map<" + hiveType(entry.getType(0)) + "," + hiveType(entry.getType(1)) + ">";
        }
        StringJoiner struct = new StringJoiner(",", "struct<", ">");
        for (Type field : group.getFields()) {
            struct.add(field.getName().toLowerCase(java.util.Locale.ROOT) + ":" + hiveType(field));
        }
        return struct.toString();
    }
}
