package dev.tributary.poller.schema;

import static dev.tributary.poller.schema.FieldSchemas.optional;
import static dev.tributary.poller.schema.FieldSchemas.primitive;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The fields Kafka Connect's JDBC source gives the types it writes differently ({@code type-mapping: kafka-connect}):
 * Timestamp and Time logical types in milliseconds, and plain strings. Their positions are read as text from the row
 * (no literal), so that a high-water mark keeps the microseconds the value drops.
 */
final class KafkaConnectMappings {

    private KafkaConnectMappings() {}

    /**
     * The field of a column that Kafka Connect types differently, or empty where it types it as Tributary does.
     *
     * @param zone the zone of {@code timestamp} (without time zone) values
     */
    static Optional<ColumnMapping> of(ColumnInfo column, ZoneId zone) {
        boolean optional = column.nullable();
        return Optional.ofNullable(
                switch (column.typeName()) {
                    case "timestamp" ->
                        new ColumnMapping(column, optional(Timestamp.builder(), optional), (row, i) -> {
                            LocalDateTime value = row.getObject(i, LocalDateTime.class);
                            return value == null
                                    ? null
                                    : Date.from(ValueReaders.finite(value, column)
                                            .atZone(zone)
                                            .toInstant());
                        });
                    case "timestamptz" ->
                        new ColumnMapping(column, optional(Timestamp.builder(), optional), (row, i) -> {
                            OffsetDateTime value = row.getObject(i, OffsetDateTime.class);
                            return value == null
                                    ? null
                                    : Date.from(
                                            ValueReaders.finite(value, column).toInstant());
                        });
                    case "time" ->
                        new ColumnMapping(column, optional(Time.builder(), optional), (row, i) -> {
                            LocalTime time = row.getObject(i, LocalTime.class);
                            return time == null ? null : new Date(time.toNanoOfDay() / 1_000_000L);
                        });
                    case "uuid", "json", "jsonb" ->
                        new ColumnMapping(column, primitive(Schema.STRING_SCHEMA, optional), ValueReaders.TEXT)
                                .withLiteral(column.typeName().equals("uuid") ? String::valueOf : null);
                    default ->
                        column.enumLabels().isPresent()
                                ? new ColumnMapping(
                                        column,
                                        primitive(Schema.STRING_SCHEMA, optional),
                                        ValueReaders.TEXT,
                                        String::valueOf)
                                : null;
                });
    }
}
