package dev.tributary.poller.schema;

import dev.tributary.poller.schema.ColumnMapping.ValueReader;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Date;
import org.apache.kafka.connect.errors.DataException;

/**
 * The readers the mappings share: primitives read without boxing a SQL NULL into a zero, and text; and the check that
 * a timestamp read is finite, as no Connect type can hold PostgreSQL's {@code infinity}.
 */
final class ValueReaders {

    static final ValueReader INT8 = (row, i) -> {
        byte value = row.getByte(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader INT16 = (row, i) -> {
        short value = row.getShort(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader INT32 = (row, i) -> {
        int value = row.getInt(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader INT64 = (row, i) -> {
        long value = row.getLong(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader FLOAT32 = (row, i) -> {
        float value = row.getFloat(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader FLOAT64 = (row, i) -> {
        double value = row.getDouble(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader BOOLEAN = (row, i) -> {
        boolean value = row.getBoolean(i);
        return row.wasNull() ? null : value;
    };
    static final ValueReader TEXT = ResultSet::getString;

    private ValueReaders() {}

    /** A date, as a {@link Date} at midnight UTC of the day; refused when it is {@code infinity}. */
    static ValueReader date(ColumnInfo column) {
        return (row, i) -> {
            LocalDate date = row.getObject(i, LocalDate.class);
            if (date == null) {
                return null;
            }
            if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
                throw new DataException("Cannot represent date 'infinity' of column " + column.name());
            }
            return new Date(date.toEpochDay() * 86_400_000L);
        };
    }

    /** The value, unless it is {@code infinity} or {@code -infinity}. */
    static LocalDateTime finite(LocalDateTime value, ColumnInfo column) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            throw infinite(column);
        }
        return value;
    }

    /** The value, unless it is {@code infinity} or {@code -infinity}. */
    static OffsetDateTime finite(OffsetDateTime value, ColumnInfo column) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            throw infinite(column);
        }
        return value;
    }

    private static DataException infinite(ColumnInfo column) {
        return new DataException("Cannot represent timestamp 'infinity' of column " + column.name());
    }
}
