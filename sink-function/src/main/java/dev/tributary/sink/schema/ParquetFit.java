package dev.tributary.sink.schema;

import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/** What Parquet cannot hold, whatever other records an object has. Pure. */
public final class ParquetFit {

    private ParquetFit() {}

    /**
     * Why Parquet cannot hold a record, whatever other records its object has: a struct without fields anywhere in
     * its value or key (Parquet has no empty groups; plain JSON's {@code {}} makes one), or no column at all.
     *
     * @param dropped value fields left out (partition fields, which the path holds)
     * @param withMetadata whether the metadata columns and the key are written
     * @return the reason, or null when it can
     */
    public static String cannotHold(Schema valueSchema, Schema keySchema, Set<String> dropped, boolean withMetadata) {
        int columns = withMetadata ? 1 : 0;
        if (valueSchema != null && valueSchema.type() == Schema.Type.STRUCT) {
            for (Field field : valueSchema.fields()) {
                if (!dropped.contains(field.name())) {
                    columns++;
                    String empty = emptyStruct(field.schema(), field.name());
                    if (empty != null) {
                        return empty;
                    }
                }
            }
        } else if (valueSchema != null) {
            columns++;
            String empty = emptyStruct(valueSchema, RowLayout.VALUE_COLUMN);
            if (empty != null) {
                return empty;
            }
        }
        if (columns == 0) {
            return valueSchema == null
                    ? "its value is null and metadata-columns is false, so it has no column"
                    : "its value has no fields besides partition fields and metadata-columns is false, so it has no"
                            + " column";
        }
        if (withMetadata && keySchema != null) {
            if (keySchema.type() == Schema.Type.STRUCT) {
                for (Field field : keySchema.fields()) {
                    String empty = emptyStruct(field.schema(), "key field " + field.name());
                    if (empty != null) {
                        return empty;
                    }
                }
            } else {
                return emptyStruct(keySchema, "the key");
            }
        }
        return null;
    }

    private static String emptyStruct(Schema schema, String path) {
        return switch (schema.type()) {
            case STRUCT -> {
                if (schema.fields().isEmpty()) {
                    yield path + " is a struct without fields, which Parquet cannot hold (it has no empty groups)";
                }
                for (Field field : schema.fields()) {
                    String empty = emptyStruct(field.schema(), path + "." + field.name());
                    if (empty != null) {
                        yield empty;
                    }
                }
                yield null;
            }
            case ARRAY -> emptyStruct(schema.valueSchema(), path + "[]");
            case MAP -> {
                String key = emptyStruct(schema.keySchema(), path + " (a map key)");
                yield key != null ? key : emptyStruct(schema.valueSchema(), path + " (a map value)");
            }
            default -> null;
        };
    }
}
