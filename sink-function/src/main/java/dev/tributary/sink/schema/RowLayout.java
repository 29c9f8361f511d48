package dev.tributary.sink.schema;

import dev.tributary.sink.schema.AvroTypes.NamedTypes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The columns of one object and how a record fills them: the value's fields (minus partition fields), then the
 * metadata columns and the key, as an Avro record for Parquet ({@link AvroTypes}), filled by converting a record's
 * Connect values ({@link AvroConverters}). Pure: no I/O. Avro's {@code Schema} is written out where it meets
 * Connect's, which this file imports.
 */
public final class RowLayout {

    /** The value column of records whose value is not a struct. */
    public static final String VALUE_COLUMN = "value";

    private final org.apache.avro.Schema avro;
    private final List<Column> data;
    private final Metadata metadata;
    private final boolean structValues;
    private final Map<Schema, int[]> sourceIndexes = new IdentityHashMap<>();

    private RowLayout(org.apache.avro.Schema avro, List<Column> data, Metadata metadata, boolean structValues) {
        this.avro = avro;
        this.data = data;
        this.metadata = metadata;
        this.structValues = structValues;
    }

    /**
     * The layout of an object.
     *
     * @param valueSchema the merged schema of the object's values; null when every record is a tombstone
     * @param keySchema the merged schema of its keys; null when no record has a key
     * @param dropped value fields left out (partition fields, which the path holds)
     * @param withMetadata add the metadata columns and the key
     * @param hasTombstones whether some record has no value, so data columns must be nullable
     */
    public static RowLayout of(
            Schema valueSchema, Schema keySchema, Set<String> dropped, boolean withMetadata, boolean hasTombstones) {
        List<String> sources = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        boolean struct = valueSchema == null || valueSchema.type() == Schema.Type.STRUCT;
        if (valueSchema != null && struct) {
            for (Field field : valueSchema.fields()) {
                if (!dropped.contains(field.name())) {
                    sources.add(field.name());
                    schemas.add(field.schema());
                }
            }
        } else if (valueSchema != null) {
            sources.add(VALUE_COLUMN);
            schemas.add(valueSchema);
        }
        List<String> names = ColumnNames.of(sources);
        NamedTypes types = new NamedTypes();
        List<Column> data = new ArrayList<>();
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            org.apache.avro.Schema.Field field =
                    AvroTypes.field(names.get(i), schemas.get(i), hasTombstones, "r", types);
            data.add(new Column(sources.get(i), field, schemas.get(i)));
            fields.add(field);
        }
        Metadata metadata = withMetadata ? Metadata.of(new ColumnNames.Taken(names), keySchema, types) : null;
        if (metadata != null) {
            fields.addAll(metadata.avroFields());
        }
        org.apache.avro.Schema record =
                org.apache.avro.Schema.createRecord("row", null, AvroTypes.NAMESPACE, false, fields);
        return new RowLayout(record, List.copyOf(data), metadata, struct);
    }

    public org.apache.avro.Schema avro() {
        return avro;
    }

    /** The data columns' original names and their column names in objects (see {@link ColumnNames}), in order. */
    public Map<String, String> columnNames() {
        Map<String, String> names = new LinkedHashMap<>();
        data.forEach(c -> names.put(c.name, c.avroName));
        if (metadata != null) {
            metadata.names().forEach(n -> names.put(n, n));
        }
        return names;
    }

    /**
     * One row as an Avro record of {@link #avro()}.
     *
     * @throws DataException naming the field, if a value does not fit its column (a decimal with more digits than
     *     its precision, a time or UUID that cannot be read, …)
     */
    public GenericRecord toAvro(LakeRow row) {
        GenericData.Record record = new GenericData.Record(avro);
        if (row.value() != null) {
            if (structValues) {
                Struct struct = (Struct) row.value();
                int[] indexes = sourceIndexes.computeIfAbsent(struct.schema(), this::indexesOf);
                List<Field> sourceFields = struct.schema().fields();
                for (int i = 0; i < data.size(); i++) {
                    int source = indexes[i];
                    Object value = source < 0 ? null : struct.get(sourceFields.get(source));
                    record.put(i, value == null ? null : data.get(i).convert(value));
                }
            } else {
                record.put(0, data.get(0).convert(row.value()));
            }
        }
        if (metadata != null) {
            metadata.fill(record, data.size(), row);
        }
        return record;
    }

    private int[] indexesOf(Schema schema) {
        int[] indexes = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Field field = schema.field(data.get(i).name);
            indexes[i] = field == null ? -1 : field.index();
        }
        return indexes;
    }

    /** A data column: the value field it comes from and its Avro field. */
    static final class Column {
        final String name;
        final String avroName;
        final Schema schema;
        final Function<Object, Object> converter;

        Column(String name, org.apache.avro.Schema.Field avro, Schema schema) {
            this.name = name;
            this.avroName = avro.name();
            this.schema = schema;
            this.converter = AvroConverters.converter(schema, avro.schema());
        }

        Object convert(Object value) {
            return AvroConverters.convert("field ", name, converter, value);
        }
    }
}
