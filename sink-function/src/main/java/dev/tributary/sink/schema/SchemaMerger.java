package dev.tributary.sink.schema;

import dev.tributary.core.record.SemanticTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Merges the schemas that records of one object carry, so that a batch in which a column appeared, or a type was
 * widened, still makes one object with every column: fields keep their first order, a field some records lack
 * becomes optional, integers widen (int8 to int64) as do floats (float32 to float64), an integer meeting a float
 * becomes float64 (plain JSON's 10 and 10.5), and {@link #UNKNOWN} (the type of a JSON null, or of the elements of an
 * empty JSON array) becomes whatever it meets. Anything else is a {@link SchemaConflictException}. Pure.
 */
public final class SchemaMerger {

    /** The schema name of a type not known yet: an optional string, always null, that merges with any type. */
    public static final String UNKNOWN = "dev.tributary.sink.Unknown";
    /** An optional {@link #UNKNOWN}. */
    public static final Schema UNKNOWN_SCHEMA =
            SchemaBuilder.string().name(UNKNOWN).optional().build();

    private SchemaMerger() {}

    /**
     * The schema of records so far merged with the next record's.
     *
     * @param merged the records' so far; null when none had one
     * @param next the next record's; null when it has none (a tombstone's value, a record without a key)
     * @throws SchemaConflictException if they cannot merge
     */
    public static Schema mergeNullable(Schema merged, Schema next) {
        return next == null ? merged : merged == null ? next : merge(merged, next);
    }

    public static Schema merge(Schema a, Schema b) {
        if (a == b || a.equals(b)) {
            return a;
        }
        return merge(a, b, "value");
    }

    private static Schema merge(Schema a, Schema b, String path) {
        if (a.equals(b)) {
            return a;
        }
        if (UNKNOWN.equals(a.name())) {
            return optional(b);
        }
        if (UNKNOWN.equals(b.name())) {
            return optional(a);
        }
        boolean optional = a.isOptional() || b.isOptional();
        if (a.type() == Schema.Type.STRUCT && b.type() == Schema.Type.STRUCT) {
            Map<String, Schema> fields = new LinkedHashMap<>();
            for (Field field : a.fields()) {
                Field other = b.field(field.name());
                fields.put(
                        field.name(),
                        other == null
                                ? optional(field.schema())
                                : merge(field.schema(), other.schema(), path + "." + field.name()));
            }
            for (Field field : b.fields()) {
                if (!fields.containsKey(field.name())) {
                    fields.put(field.name(), optional(field.schema()));
                }
            }
            SchemaBuilder struct =
                    SchemaBuilder.struct().name(a.name()).version(a.version()).doc(a.doc());
            fields.forEach(struct::field);
            return optional ? struct.optional().build() : struct.build();
        }
        if (a.type() == Schema.Type.ARRAY && b.type() == Schema.Type.ARRAY) {
            SchemaBuilder array = SchemaBuilder.array(merge(a.valueSchema(), b.valueSchema(), path + "[]"));
            return optional ? array.optional().build() : array.build();
        }
        if (a.type() == Schema.Type.MAP && b.type() == Schema.Type.MAP) {
            SchemaBuilder map = SchemaBuilder.map(
                    merge(a.keySchema(), b.keySchema(), path + ".key"),
                    merge(a.valueSchema(), b.valueSchema(), path + ".value"));
            return optional ? map.optional().build() : map.build();
        }
        if (!Objects.equals(a.name(), b.name())) {
            throw conflict(a, b, path);
        }
        if (Decimal.LOGICAL_NAME.equals(a.name())) {
            if (!Objects.equals(
                    a.parameters().get(Decimal.SCALE_FIELD), b.parameters().get(Decimal.SCALE_FIELD))) {
                throw conflict(a, b, path);
            }
            int precision = Math.max(precision(a), precision(b));
            SchemaBuilder decimal =
                    Decimal.builder(Integer.parseInt(a.parameters().get(Decimal.SCALE_FIELD)));
            if (precision > 0) {
                decimal.parameter(SemanticTypes.DECIMAL_PRECISION, Integer.toString(precision));
            }
            return optional ? decimal.optional().build() : decimal.build();
        }
        Schema.Type type = wider(a.type(), b.type());
        if (type == null) {
            throw conflict(a, b, path);
        }
        SchemaBuilder builder = SchemaBuilder.type(type).name(a.name()).version(a.version());
        if (a.parameters() != null) {
            builder.parameters(a.parameters());
        }
        return optional ? builder.optional().build() : builder.build();
    }

    private static Schema.Type wider(Schema.Type a, Schema.Type b) {
        if (a == b) {
            return a;
        }
        int ia = integral(a);
        int ib = integral(b);
        if (ia >= 0 && ib >= 0) {
            return ia > ib ? a : b;
        }
        boolean numbers = (ia >= 0 || a == Schema.Type.FLOAT32 || a == Schema.Type.FLOAT64)
                && (ib >= 0 || b == Schema.Type.FLOAT32 || b == Schema.Type.FLOAT64);
        // Two floats, or an integer and a float: float64 holds both (integers beyond 2^53 lose their last digits).
        return numbers ? Schema.Type.FLOAT64 : null;
    }

    private static int integral(Schema.Type type) {
        return switch (type) {
            case INT8 -> 0;
            case INT16 -> 1;
            case INT32 -> 2;
            case INT64 -> 3;
            default -> -1;
        };
    }

    private static int precision(Schema decimal) {
        String precision = decimal.parameters().get(SemanticTypes.DECIMAL_PRECISION);
        return precision == null ? 0 : Integer.parseInt(precision);
    }

    /** The same schema, optional. */
    public static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = switch (schema.type()) {
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
                yield struct;
            }
            case ARRAY -> SchemaBuilder.array(schema.valueSchema());
            case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            default -> SchemaBuilder.type(schema.type());
        };
        builder.name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return builder.optional().build();
    }

    private static SchemaConflictException conflict(Schema a, Schema b, String path) {
        return new SchemaConflictException("Cannot merge " + describe(a) + " and " + describe(b) + " at " + path);
    }

    private static String describe(Schema schema) {
        return schema.type() + (schema.name() == null ? "" : " (" + schema.name() + ")");
    }
}
