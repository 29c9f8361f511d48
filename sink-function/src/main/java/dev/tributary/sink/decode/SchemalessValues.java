package dev.tributary.sink.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.sink.schema.SchemaConflictException;
import dev.tributary.sink.schema.SchemaMerger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Schemas for plain JSON (records without JsonConverter's envelope), inferred from the values, so that such
 * records can be written as Parquet too: objects become structs with their fields in order, integers int64, other
 * numbers float64, and everything optional, since another record may lack a field. A null, and the elements of an
 * empty array, are of a type not known yet ({@link SchemaMerger#UNKNOWN}); the elements of an array are one type,
 * merged as the records of an object are (10 and 10.5 are float64; objects have every field any of them has), so
 * that a later record's values merge with this one's.
 */
final class SchemalessValues {

    private SchemalessValues() {}

    static SchemaAndValue infer(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return SchemaAndValue.NULL;
        }
        Schema schema = schemaOf(json);
        return new SchemaAndValue(schema, valueOf(json, schema));
    }

    private static Schema schemaOf(JsonNode json) {
        if (json.isNull()) {
            return SchemaMerger.UNKNOWN_SCHEMA;
        }
        if (json.isObject()) {
            SchemaBuilder struct = SchemaBuilder.struct().optional();
            for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                struct.field(field.getKey(), schemaOf(field.getValue()));
            }
            return struct.build();
        }
        if (json.isArray()) {
            Schema element = SchemaMerger.UNKNOWN_SCHEMA;
            for (JsonNode item : json) {
                try {
                    element = SchemaMerger.merge(element, schemaOf(item));
                } catch (SchemaConflictException e) {
                    throw new DataException("Cannot infer one type for the elements of the array " + abbreviated(json)
                            + " because they differ: " + e.getMessage());
                }
            }
            return SchemaBuilder.array(element).optional().build();
        }
        if (json.isBoolean()) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (json.isNumber()) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        return Schema.OPTIONAL_STRING_SCHEMA;
    }

    /** The value of the JSON in a schema inferred for it (or merged from it and others). */
    private static Object valueOf(JsonNode json, Schema schema) {
        if (json == null || json.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, valueOf(json.get(field.name()), field.schema()));
                }
                return struct;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(json.size());
                for (JsonNode item : json) {
                    list.add(valueOf(item, schema.valueSchema()));
                }
                return list;
            }
            case BOOLEAN:
                return json.booleanValue();
            case INT64:
                return json.longValue();
            case FLOAT64:
                return json.doubleValue();
            default:
                return json.isTextual() ? json.textValue() : json.toString();
        }
    }

    private static String abbreviated(JsonNode json) {
        String text = json.toString();
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
