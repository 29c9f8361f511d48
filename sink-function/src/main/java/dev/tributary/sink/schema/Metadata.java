package dev.tributary.sink.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import static dev.tributary.core.lake.MetadataColumns.KEY;
import static dev.tributary.core.lake.MetadataColumns.OFFSET;
import static dev.tributary.core.lake.MetadataColumns.OPERATION;
import static dev.tributary.core.lake.MetadataColumns.PARTITION;
import static dev.tributary.core.lake.MetadataColumns.SOURCE_TIME;
import static dev.tributary.core.lake.MetadataColumns.TIMESTAMP;
import static dev.tributary.core.lake.MetadataColumns.TOPIC;

/**
 * The metadata columns of an object: {@code __topic}, {@code __partition}, {@code __offset}, {@code __timestamp}
 * (Kafka's), {@code __source_ts} (the row's change time at the source, when the poller gave it), {@code __op}, and
 * the record key ({@code __key}, or {@code __key_<field>} for a struct key). A name a data column
 * already has gets another leading underscore, until it is free.
 */
final class Metadata {

    private final List<String> names;
    private final List<org.apache.avro.Schema.Field> fields;
    private final Schema keySchema;
    private final List<Function<Object, Object>> keyConverters;

    private Metadata(List<String> names, List<org.apache.avro.Schema.Field> fields, Schema keySchema,
            List<Function<Object, Object>> keyConverters) {
        this.names = names;
        this.fields = fields;
        this.keySchema = keySchema;
        this.keyConverters = keyConverters;
    }

    static Metadata of(RowLayout.Names taken, Schema keySchema, List<RowLayout.Column> data) {
        List<String> names = new ArrayList<>();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        add(names, fields, taken, TOPIC, Schema.STRING_SCHEMA, false);
        add(names, fields, taken, PARTITION, Schema.INT32_SCHEMA, false);
        add(names, fields, taken, OFFSET, Schema.INT64_SCHEMA, false);
        add(names, fields, taken, TIMESTAMP, org.apache.kafka.connect.data.Timestamp.builder().optional().build(),
                false);
        add(names, fields, taken, SOURCE_TIME, org.apache.kafka.connect.data.Timestamp.builder().optional().build(),
                false);
        add(names, fields, taken, OPERATION, Schema.STRING_SCHEMA, false);
        List<Function<Object, Object>> keyConverters = new ArrayList<>();
        if (keySchema != null && keySchema.type() == Schema.Type.STRUCT) {
            for (Field field : keySchema.fields()) {
                org.apache.avro.Schema.Field avro = add(names, fields, taken, KEY + "_" + field.name(), field.schema(),
                        true);
                keyConverters.add(RowLayout.converter(field.schema(), avro.schema()));
            }
        } else if (keySchema != null) {
            org.apache.avro.Schema.Field avro = add(names, fields, taken, KEY, keySchema, true);
            keyConverters.add(RowLayout.converter(keySchema, avro.schema()));
        }
        return new Metadata(List.copyOf(names), List.copyOf(fields), keySchema, keyConverters);
    }

    private static org.apache.avro.Schema.Field add(List<String> names, List<org.apache.avro.Schema.Field> fields,
            RowLayout.Names taken, String wanted, Schema schema, boolean optional) {
        String name = RowLayout.safe(wanted);
        while (taken.isTaken(name)) {
            name = "_" + name;
        }
        taken.take(name);
        org.apache.avro.Schema.Field field = RowLayout.field(name, schema, optional, "m");
        names.add(name);
        fields.add(field);
        return field;
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
                record.put(at + 6 + i, value == null ? null : keyConverters.get(i).apply(value));
            }
        } else {
            record.put(at + 6, keyConverters.get(0).apply(row.key()));
        }
    }
}
