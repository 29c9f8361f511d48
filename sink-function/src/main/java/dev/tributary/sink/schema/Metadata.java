package dev.tributary.sink.schema;

import static dev.tributary.core.lake.MetadataColumns.KEY;
import static dev.tributary.core.lake.MetadataColumns.OFFSET;
import static dev.tributary.core.lake.MetadataColumns.OPERATION;
import static dev.tributary.core.lake.MetadataColumns.PARTITION;
import static dev.tributary.core.lake.MetadataColumns.SOURCE_TIME;
import static dev.tributary.core.lake.MetadataColumns.TIMESTAMP;
import static dev.tributary.core.lake.MetadataColumns.TOPIC;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The metadata columns of an object: {@code __topic}, {@code __partition}, {@code __offset}, {@code __timestamp}
 * (Kafka's), {@code __source_ts} (the row's change time at the source, when the poller gave it), {@code __op}, and
 * the record key ({@code __key}, or {@code __key_<field>} for a struct key), named as {@link ColumnNames} names
 * columns. A name a data column already has (in any case) gets another leading underscore, until it is free.
 */
final class Metadata {

    private final List<String> names;
    private final List<org.apache.avro.Schema.Field> fields;
    private final Schema keySchema;
    private final List<Function<Object, Object>> keyConverters;

    private Metadata(
            List<String> names,
            List<org.apache.avro.Schema.Field> fields,
            Schema keySchema,
            List<Function<Object, Object>> keyConverters) {
        this.names = names;
        this.fields = fields;
        this.keySchema = keySchema;
        this.keyConverters = keyConverters;
    }

    static Metadata of(ColumnNames.Taken taken, Schema keySchema, AvroTypes.NamedTypes types) {
        List<String> wanted = new ArrayList<>(List.of(TOPIC, PARTITION, OFFSET, TIMESTAMP, SOURCE_TIME, OPERATION));
        List<Schema> schemas = new ArrayList<>(List.of(
                Schema.STRING_SCHEMA,
                Schema.INT32_SCHEMA,
                Schema.INT64_SCHEMA,
                Timestamp.builder().optional().build(),
                Timestamp.builder().optional().build(),
                Schema.STRING_SCHEMA));
        int keys = wanted.size();
        if (keySchema != null && keySchema.type() == Schema.Type.STRUCT) {
            for (Field field : keySchema.fields()) {
                wanted.add(KEY + "_" + field.name());
                schemas.add(field.schema());
            }
        } else if (keySchema != null) {
            wanted.add(KEY);
            schemas.add(keySchema);
        }
        List<String> encoded = ColumnNames.of(wanted);
        List<String> names = new ArrayList<>();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        List<Function<Object, Object>> keyConverters = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            String name = encoded.get(i);
            while (taken.contains(name)) {
                name = "_" + name;
            }
            taken.add(name);
            // The key is optional: a batch may hold records without one.
            org.apache.avro.Schema.Field field = AvroTypes.field(name, schemas.get(i), i >= keys, "m", types);
            names.add(name);
            fields.add(field);
            if (i >= keys) {
                keyConverters.add(AvroConverters.converter(schemas.get(i), field.schema()));
            }
        }
        return new Metadata(List.copyOf(names), List.copyOf(fields), keySchema, keyConverters);
    }

    List<String> names() {
        return names;
    }

    List<org.apache.avro.Schema.Field> avroFields() {
        List<org.apache.avro.Schema.Field> copies = new ArrayList<>();
        for (org.apache.avro.Schema.Field field : fields) {
            copies.add(new org.apache.avro.Schema.Field(field, field.schema()));
        }
        return copies;
    }

    void fill(GenericData.Record record, int at, LakeRow row) {
        record.put(at, row.topic());
        record.put(at + 1, row.partition());
        record.put(at + 2, row.offset());
        record.put(at + 3, row.timestamp() == null || row.timestamp() < 0 ? null : row.timestamp() * 1000L);
        record.put(at + 4, row.sourceTime());
        record.put(at + 5, row.operation());
        if (keySchema == null || row.key() == null) {
            return;
        }
        if (keySchema.type() == Schema.Type.STRUCT) {
            Struct key = (Struct) row.key();
            List<Field> keyFields = keySchema.fields();
            for (int i = 0; i < keyFields.size(); i++) {
                Field field = key.schema().field(keyFields.get(i).name());
                Object value = field == null ? null : key.get(field);
                record.put(
                        at + 6 + i,
                        value == null
                                ? null
                                : AvroConverters.convert("key field ", field.name(), keyConverters.get(i), value));
            }
        } else {
            record.put(at + 6, AvroConverters.convert("the key", "", keyConverters.get(0), row.key()));
        }
    }
}
