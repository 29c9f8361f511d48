package dev.tributary.poller;

import dev.tributary.core.pipeline.DeleteConfig;
import dev.tributary.poller.schema.RowMapper;
import java.util.Arrays;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The value of a delete record: the row's fields as read (the key columns alone, from a delete log), every one
 * optional, and {@value DeleteConfig#MARKER_FIELD} true, as Debezium's ExtractNewRecordState writes a delete with
 * {@code delete.handling.mode=rewrite}. Pure.
 */
final class DeleteMarker {

    private final Schema schema;
    private final Field[] fields;

    DeleteMarker(RowMapper mapper) {
        Schema row = mapper.valueSchema();
        SchemaBuilder builder = SchemaBuilder.struct();
        if (row.name() != null) {
            builder.name(row.name());
        }
        for (Field field : row.fields()) {
            builder.field(field.name(), optional(field.schema()));
        }
        builder.field(DeleteConfig.MARKER_FIELD, Schema.BOOLEAN_SCHEMA);
        this.schema = builder.build();
        this.fields = schema.fields().toArray(Field[]::new);
    }

    /** The schema of delete records. */
    Schema schema() {
        return schema;
    }

    /** A row's values with the marker after them, in {@link #schema()}'s field order. */
    Object[] values(Object[] row) {
        Object[] values = Arrays.copyOf(row, row.length + 1);
        values[row.length] = Boolean.TRUE;
        return values;
    }

    /** A Connect value of {@link #values}. */
    Struct toStruct(Object[] values) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < values.length; i++) {
            struct.put(fields[i], values[i]);
        }
        return struct;
    }

    private static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = switch (schema.type()) {
            case ARRAY -> SchemaBuilder.array(schema.valueSchema());
            case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            case STRUCT -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                schema.fields().forEach(f -> struct.field(f.name(), f.schema()));
                yield struct;
            }
            default -> SchemaBuilder.type(schema.type());
        };
        builder.name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            builder.parameters(schema.parameters());
        }
        return builder.optional().build();
    }
}
