package dev.tributary.poller.schema;

import dev.tributary.core.config.ConfigException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Rows of one table or query as Connect records: the value schema (one field per column, in column order), the key
 * schema (the key columns), and the reading of a row into a value {@link Struct}.
 */
public final class RowMapper {

    private final Schema valueSchema;
    private final Schema keySchema;
    private final ColumnMapping.ValueReader[] readers;

    @SuppressWarnings("rawtypes")
    private final Function[] literals;

    private final int[] indexes;
    private final Field[] fields;
    private final Field[] keyFields;
    private final Field[] keySources;

    private RowMapper(Schema valueSchema, Schema keySchema, List<ColumnMapping> mappings, int[] indexes) {
        this.valueSchema = valueSchema;
        this.keySchema = keySchema;
        this.readers = mappings.stream().map(ColumnMapping::reader).toArray(ColumnMapping.ValueReader[]::new);
        this.literals = mappings.stream().map(ColumnMapping::literal).toArray(Function[]::new);
        this.indexes = indexes;
        this.fields = valueSchema.fields().toArray(Field[]::new);
        if (keySchema == null) {
            this.keyFields = new Field[0];
            this.keySources = new Field[0];
        } else {
            this.keyFields = keySchema.fields().toArray(Field[]::new);
            this.keySources = keySchema.fields().stream()
                    .map(f -> valueSchema.field(f.name()))
                    .toArray(Field[]::new);
        }
    }

    /**
     * Decides the record schemas of a result.
     *
     * @param columns the result's columns, in order; columns named in {@code hidden} are read by the poller but
     *     left out of records (such as the computed change time)
     * @param schemaName name of the value schema (the table's name, as Kafka Connect's JDBC source), or null
     * @param keyColumns the key columns; empty for records without a key
     * @param types how the columns' values are typed
     * @param where the source's path in the pipeline file, for errors
     */
    public static RowMapper of(
            List<ColumnInfo> columns,
            List<String> hidden,
            String schemaName,
            List<String> keyColumns,
            ColumnMapping.Types types,
            String where) {
        SchemaBuilder value = SchemaBuilder.struct();
        if (schemaName != null) {
            value.name(schemaName);
        }
        List<ColumnMapping> mappings = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        Map<String, ColumnMapping> byName = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            if (hidden.contains(column.name())) {
                continue;
            }
            if (byName.containsKey(column.name())) {
                throw new ConfigException("Cannot capture " + where + " because its result has two columns named "
                        + column.name() + "; give them distinct names (AS) in the query");
            }
            ColumnMapping mapping = ColumnMapping.of(column, types);
            byName.put(column.name(), mapping);
            mappings.add(mapping);
            indexes.add(i + 1);
            value.field(column.name(), mapping.schema());
        }
        Schema valueSchema = value.build();
        Schema keySchema = null;
        if (!keyColumns.isEmpty()) {
            SchemaBuilder key = SchemaBuilder.struct();
            for (String name : keyColumns) {
                ColumnMapping mapping = byName.get(name);
                if (mapping == null) {
                    throw new ConfigException("Cannot key " + where + " by column " + name
                            + " because the result has no such column; its columns are " + byName.keySet());
                }
                key.field(name, mapping.schema());
            }
            keySchema = key.build();
        }
        return new RowMapper(
                valueSchema,
                keySchema,
                mappings,
                indexes.stream().mapToInt(Integer::intValue).toArray());
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    /** The key schema, or null when records have no key. */
    public Schema keySchema() {
        return keySchema;
    }

    /** Reads the current row's field values, in the value schema's field order. */
    public Object[] readValues(ResultSet row) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(row, indexes[i]);
        }
        return values;
    }

    /** Reads the current row as a Connect value. */
    public Struct read(ResultSet row) throws SQLException {
        return toStruct(readValues(row));
    }

    /** A Connect value of values read by {@link #readValues}; Connect checks each against its field's schema. */
    public Struct toStruct(Object[] values) {
        Struct struct = new Struct(valueSchema);
        for (int i = 0; i < values.length; i++) {
            struct.put(fields[i], values[i]);
        }
        return struct;
    }

    /** The key's field values, or null when records have no key. */
    public Object[] keyValues(Object[] values) {
        if (keySchema == null) {
            return null;
        }
        Object[] key = new Object[keySources.length];
        for (int i = 0; i < keySources.length; i++) {
            key[i] = values[keySources[i].index()];
        }
        return key;
    }

    /** A Connect key of key values, or null when records have no key. */
    public Struct keyStruct(Object[] keyValues) {
        if (keyValues == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (int i = 0; i < keyFields.length; i++) {
            key.put(keyFields[i], keyValues[i]);
        }
        return key;
    }

    /**
     * How to get the exact PostgreSQL text of a column from a value read by {@link #read}, without reading the
     * column again; empty when the column is not in records or its value does not determine its text.
     */
    public Optional<Function<Object[], String>> literal(String column) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(column) && literals[i] != null) {
                int index = i;
                @SuppressWarnings("unchecked")
                Function<Object, String> inverse = literals[i];
                return Optional.of(values -> inverse.apply(values[index]));
            }
        }
        return Optional.empty();
    }
}
