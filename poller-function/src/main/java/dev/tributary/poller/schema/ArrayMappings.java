package dev.tributary.poller.schema;

import static dev.tributary.poller.schema.FieldSchemas.optional;

import java.sql.Array;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * The field of a one-dimensional array column ({@code int4[]}, whose type name is {@code _int4}): an array of the
 * element's primitive type, or of the text a scalar of the element's type gets.
 */
final class ArrayMappings {

    private ArrayMappings() {}

    static ColumnMapping of(ColumnInfo column) {
        String element = column.typeName().substring(1);
        Schema elementSchema = switch (element) {
            case "int2" -> Schema.OPTIONAL_INT16_SCHEMA;
            case "int4" -> Schema.OPTIONAL_INT32_SCHEMA;
            case "int8" -> Schema.OPTIONAL_INT64_SCHEMA;
            case "float4" -> Schema.OPTIONAL_FLOAT32_SCHEMA;
            case "float8" -> Schema.OPTIONAL_FLOAT64_SCHEMA;
            case "bool" -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
            default -> Schema.OPTIONAL_STRING_SCHEMA;
        };
        Schema schema = optional(SchemaBuilder.array(elementSchema), column.nullable());
        return new ColumnMapping(column, schema, (row, i) -> {
            Array array = row.getArray(i);
            if (array == null) {
                return null;
            }
            try {
                Object[] elements = (Object[]) array.getArray();
                List<Object> values = new ArrayList<>(elements.length);
                for (Object value : elements) {
                    values.add(element(value, elementSchema, element, column));
                }
                return values;
            } finally {
                array.free();
            }
        });
    }

    private static Object element(Object value, Schema elementSchema, String element, ColumnInfo column) {
        if (value == null) {
            return null;
        }
        if (value instanceof Object[] nested) {
            throw new DataException("Cannot represent the multi-dimensional array " + Arrays.deepToString(nested)
                    + " of column " + column.name() + ": only one-dimensional arrays are supported");
        }
        return switch (elementSchema.type()) {
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            default -> textElement(value, element, column);
        };
    }

    /**
     * An element of an array mapped to an array of strings, in the same text a scalar of its type gets: the driver
     * hands dates and times over as {@code java.sql} values in the JVM's zone and bytea as {@code byte[]}, whose
     * {@code toString()} would depend on the JVM or name an object.
     */
    private static String textElement(Object value, String element, ColumnInfo column) {
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Timestamp timestamp) {
            return element.equals("timestamptz")
                    ? InstantText.of(OffsetDateTime.ofInstant(timestamp.toInstant(), ZoneOffset.UTC))
                    : timestamp.toLocalDateTime().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Time) {
            throw new DataException("Cannot represent an element of column " + column.name() + " of type "
                    + column.typeName() + " because arrays of " + element + " lose their fraction of a second in the"
                    + " driver; cast the column to text[] in a query source");
        }
        return value.toString();
    }
}
