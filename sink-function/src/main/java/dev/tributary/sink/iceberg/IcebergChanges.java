package dev.tributary.sink.iceberg;

import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.util.Locale;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A record of the lake as a change of an Iceberg table: its row in the table's columns, and for an upsert table its
 * key, taken from the row, or from the record key when the record is a delete without a row (a tombstone): a struct
 * key's fields by name, a primitive key as the one key column. Pure.
 */
final class IcebergChanges {

    private IcebergChanges() {}

    /**
     * @throws DataException if an upsert table's key cannot be found in the record, saying which column
     */
    static IcebergBatch.Change of(LakeRow row, RowLayout layout, Schema schema) {
        Record record = row.value() == null ? null : IcebergRows.of(layout.toAvro(row), schema.asStruct());
        if (schema.identifierFieldIds().isEmpty()) {
            return new IcebergBatch.Change(row.partition(), row.offset(), row.sourceTime(), record, null, false);
        }
        Schema keySchema = TypeUtil.select(schema, schema.identifierFieldIds());
        Record key = record != null ? IcebergFiles.keyOf(record, keySchema) : fromRecordKey(row, keySchema);
        for (Types.NestedField field : keySchema.columns()) {
            if (key.getField(field.name()) == null) {
                throw new DataException("Cannot upsert the record at offset " + row.offset() + " of " + row.topic()
                        + "+" + row.partition() + " because its key column " + field.name() + " is null; an upsert"
                        + " table's key-fields must hold a value in every record");
            }
        }
        return new IcebergBatch.Change(
                row.partition(), row.offset(), row.sourceTime(), row.deleted() ? null : record, key, row.deleted());
    }

    private static Record fromRecordKey(LakeRow row, Schema keySchema) {
        GenericRecord key = GenericRecord.create(keySchema);
        if (row.key() instanceof Struct struct) {
            for (Field field : struct.schema().fields()) {
                String name = field.name().toLowerCase(Locale.ROOT);
                Types.NestedField column = keySchema.findField(name);
                if (column != null) {
                    key.setField(name, primitive(struct.get(field), column));
                }
            }
        } else if (row.key() != null && keySchema.columns().size() == 1) {
            Types.NestedField column = keySchema.columns().get(0);
            key.setField(column.name(), primitive(row.key(), column));
        }
        return key;
    }

    /** A record key's value as the key column's Java type (Connect's int32 for an int, its string for a string). */
    private static Object primitive(Object value, Types.NestedField column) {
        if (value == null) {
            return null;
        }
        return switch (column.type().typeId()) {
            case INTEGER -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case STRING -> value.toString();
            default -> value;
        };
    }
}
