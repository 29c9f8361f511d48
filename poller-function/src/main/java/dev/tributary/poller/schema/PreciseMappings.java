package dev.tributary.poller.schema;

import static dev.tributary.poller.schema.FieldSchemas.optional;
import static dev.tributary.poller.schema.FieldSchemas.primitive;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.record.SemanticTypes;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The field of a scalar column typed as Tributary types it ({@code type-mapping: precise}): times to the microsecond
 * in Debezium's semantic types, UUIDs and JSON named as such, any other type as its text.
 */
final class PreciseMappings {

    private PreciseMappings() {}

    static ColumnMapping of(ColumnInfo column, NumericMapping numericMapping) {
        boolean optional = column.nullable();
        return switch (column.typeName()) {
            case "int2", "smallserial" ->
                new ColumnMapping(column, primitive(Schema.INT16_SCHEMA, optional), ValueReaders.INT16);
            case "int4", "serial" ->
                new ColumnMapping(column, primitive(Schema.INT32_SCHEMA, optional), ValueReaders.INT32);
            case "int8", "bigserial", "oid" ->
                new ColumnMapping(column, primitive(Schema.INT64_SCHEMA, optional), ValueReaders.INT64);
            case "float4" ->
                new ColumnMapping(column, primitive(Schema.FLOAT32_SCHEMA, optional), ValueReaders.FLOAT32);
            case "float8" ->
                new ColumnMapping(column, primitive(Schema.FLOAT64_SCHEMA, optional), ValueReaders.FLOAT64);
            case "bool" -> new ColumnMapping(column, primitive(Schema.BOOLEAN_SCHEMA, optional), ValueReaders.BOOLEAN);
            case "numeric" -> NumericMappings.of(column, numericMapping);
            case "date" -> new ColumnMapping(column, optional(Date.builder(), optional), ValueReaders.date(column));
            case "time" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.int64(), SemanticTypes.MICRO_TIME, optional), (row, i) -> {
                            LocalTime time = row.getObject(i, LocalTime.class);
                            return time == null ? null : time.toNanoOfDay() / 1000;
                        });
            case "timetz" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.string(), SemanticTypes.ZONED_TIME, optional), (row, i) -> {
                            OffsetTime time = row.getObject(i, OffsetTime.class);
                            return time == null ? null : time.toString();
                        });
            case "timestamp" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.int64(), SemanticTypes.MICRO_TIMESTAMP, optional), (row, i) -> {
                            LocalDateTime value = row.getObject(i, LocalDateTime.class);
                            return value == null ? null : microsOf(ValueReaders.finite(value, column));
                        });
            case "timestamptz" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.string(), SemanticTypes.ZONED_TIMESTAMP, optional), (row, i) -> {
                            OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                            return value == null
                                    ? null
                                    : InstantText.of(
                                            ValueReaders.finite(value, column).withOffsetSameInstant(ZoneOffset.UTC));
                        });
            case "bytea" -> new ColumnMapping(column, primitive(Schema.BYTES_SCHEMA, optional), ResultSet::getBytes);
            case "uuid" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.string(), SemanticTypes.UUID, optional), ValueReaders.TEXT);
            case "json", "jsonb" ->
                new ColumnMapping(
                        column, semantic(SchemaBuilder.string(), SemanticTypes.JSON, optional), ValueReaders.TEXT);
            default -> new ColumnMapping(column, primitive(Schema.STRING_SCHEMA, optional), ValueReaders.TEXT);
        };
    }

    /** A schema of a semantic type, version 1. */
    private static Schema semantic(SchemaBuilder builder, String name, boolean optional) {
        return optional(builder.name(name).version(1), optional);
    }

    /** Microseconds since the epoch of a local date and time, read as if in UTC. */
    private static long microsOf(LocalDateTime value) {
        long seconds = value.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1000);
    }
}
