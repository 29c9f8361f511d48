package dev.tributary.poller.schema;

import static dev.tributary.poller.schema.FieldSchemas.optional;

import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.pipeline.SourceConfig.TypeMapping;
import dev.tributary.core.record.SemanticTypes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * How one PostgreSQL column becomes one record field: its Connect schema, and how to read its value from a row.
 * Pure translation: decided once per column from its metadata, then applied to every row.
 *
 * @param column the column
 * @param schema the field's schema
 * @param reader reads the field's value from the current row of a result set
 * @param literal turns a value read by {@code reader} back into PostgreSQL's text for it, exactly, so a high-water
 *     mark can be taken from a row without reading the column twice; null when no exact inverse exists
 */
public record ColumnMapping(ColumnInfo column, Schema schema, ValueReader reader, Function<Object, String> literal) {

    ColumnMapping(ColumnInfo column, Schema schema, ValueReader reader) {
        this(column, schema, reader, null);
    }

    ColumnMapping withLiteral(Function<Object, String> inverse) {
        return new ColumnMapping(column, schema, reader, inverse);
    }

    /** Reads one column of the current row; returns null for SQL NULL. */
    @FunctionalInterface
    public interface ValueReader {
        Object read(ResultSet row, int index) throws SQLException;
    }

    /**
     * How a source types its columns' values.
     *
     * @param numeric how numeric columns are typed
     * @param mapping how times, UUIDs, JSON and enums are typed
     * @param zone the zone of {@code timestamp} (without time zone) values, for Kafka Connect's millisecond instants
     */
    public record Types(NumericMapping numeric, TypeMapping mapping, ZoneId zone) {

        /** Tributary's own typing, with a numeric mapping. */
        public static Types precise(NumericMapping numeric) {
            return new Types(numeric, TypeMapping.PRECISE, ZoneOffset.UTC);
        }
    }

    /** Decides the field of a column, typed as {@link TypeMapping#PRECISE}. */
    public static ColumnMapping of(ColumnInfo column, NumericMapping numericMapping) {
        return of(column, Types.precise(numericMapping));
    }

    /**
     * Decides the field of a column.
     *
     * @param column the column's metadata
     * @param types how values are typed
     */
    public static ColumnMapping of(ColumnInfo column, Types types) {
        if (column.typeName().startsWith("_")) {
            return ArrayMappings.of(column);
        }
        if (types.mapping() == TypeMapping.KAFKA_CONNECT) {
            Optional<ColumnMapping> connect = KafkaConnectMappings.of(column, types.zone());
            if (connect.isPresent()) {
                return connect.get();
            }
        }
        if (column.enumLabels().isPresent()) {
            SchemaBuilder schema = SchemaBuilder.string()
                    .name(SemanticTypes.ENUM)
                    .version(1)
                    .parameter(
                            SemanticTypes.ENUM_ALLOWED,
                            String.join(",", column.enumLabels().get()));
            return new ColumnMapping(column, optional(schema, column.nullable()), ValueReaders.TEXT, String::valueOf);
        }
        return PreciseMappings.of(column, types.numeric()).withLiteral(ValueLiterals.of(column, types.numeric()));
    }
}
