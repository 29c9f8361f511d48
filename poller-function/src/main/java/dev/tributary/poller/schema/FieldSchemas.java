package dev.tributary.poller.schema;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** A field's Connect schema: optional when its column may hold NULL, else required. */
final class FieldSchemas {

    private FieldSchemas() {}

    /** A primitive schema, such as {@link Schema#INT32_SCHEMA}, made optional when {@code optional}. */
    static Schema primitive(Schema required, boolean optional) {
        return optional ? SchemaBuilder.type(required.type()).optional().build() : required;
    }

    /** The schema a builder describes, made optional when {@code optional}. */
    static Schema optional(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }
}
