package dev.tributary.poller.schema;

import static dev.tributary.poller.schema.FieldSchemas.optional;
import static dev.tributary.poller.schema.FieldSchemas.primitive;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.record.SemanticTypes;
import java.math.BigDecimal;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * The field of a {@code numeric} column, by the source's numeric-mapping: an integer type that holds its precision, a
 * double, a Connect Decimal of its scale, or (unconstrained, kept exact) its text.
 */
final class NumericMappings {

    private NumericMappings() {}

    static ColumnMapping of(ColumnInfo column, NumericMapping mapping) {
        boolean optional = column.nullable();
        int precision = column.precision();
        int scale = column.scale();
        boolean unconstrained = precision == 0;
        if (!unconstrained && mapping != NumericMapping.NONE && scale == 0 && precision < 19) {
            return integral(column, precision, optional);
        }
        boolean toDouble = switch (mapping) {
            case BEST_FIT -> unconstrained || (precision < 19 && scale > 0);
            case BEST_FIT_EAGER_DOUBLE -> unconstrained || scale > 0;
            default -> false;
        };
        if (toDouble) {
            return new ColumnMapping(column, primitive(Schema.FLOAT64_SCHEMA, optional), ValueReaders.FLOAT64);
        }
        if (unconstrained) {
            return new ColumnMapping(
                    column,
                    optional(
                            SchemaBuilder.string()
                                    .name(SemanticTypes.VARIABLE_DECIMAL)
                                    .version(1),
                            optional),
                    ValueReaders.TEXT);
        }
        Schema schema = optional(
                Decimal.builder(scale).parameter(SemanticTypes.DECIMAL_PRECISION, Integer.toString(precision)),
                optional);
        return new ColumnMapping(column, schema, (row, i) -> {
            String text = row.getString(i);
            if (text == null) {
                return null;
            }
            if (text.equals("NaN") || text.endsWith("Infinity")) {
                throw new DataException(
                        "Cannot represent numeric '" + text + "' of column " + column.name() + " as a decimal");
            }
            return new BigDecimal(text).setScale(scale);
        });
    }

    /** The narrowest integer type that holds every value of the precision. */
    private static ColumnMapping integral(ColumnInfo column, int precision, boolean optional) {
        if (precision > 9) {
            return new ColumnMapping(column, primitive(Schema.INT64_SCHEMA, optional), ValueReaders.INT64);
        }
        if (precision > 4) {
            return new ColumnMapping(column, primitive(Schema.INT32_SCHEMA, optional), ValueReaders.INT32);
        }
        if (precision > 2) {
            return new ColumnMapping(column, primitive(Schema.INT16_SCHEMA, optional), ValueReaders.INT16);
        }
        return new ColumnMapping(column, primitive(Schema.INT8_SCHEMA, optional), ValueReaders.INT8);
    }
}
