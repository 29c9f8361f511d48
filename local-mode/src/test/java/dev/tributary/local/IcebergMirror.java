package dev.tributary.local;

import dev.tributary.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * An Iceberg upsert table the sink keeps, read whole with Apache Iceberg's own reader (deletes applied) through the
 * local Glue endpoint and S3 server, beside PostgreSQL: the cheap check a catch-up polls; Trino reads it once at the
 * end.
 */
final class IcebergMirror implements AutoCloseable {

    private final GlueCatalog catalog = new GlueCatalog();
    private final TableIdentifier name;
    private final LakeMirror.Mirrored table;

    IcebergMirror(LocalStack stack, String bucket, TableIdentifier name, LakeMirror.Mirrored table) {
        Map<String, String> properties = stack.icebergProperties();
        properties.put("warehouse", "s3://" + bucket + "/iceberg");
        catalog.initialize("mirror", properties);
        this.name = name;
        this.table = table;
    }

    /** How the table differs from PostgreSQL's present rows now (all of them missing while the table does not exist). */
    LakeMirror.Difference compare(Connection postgres) throws SQLException {
        return LakeMirror.difference("iceberg " + name, LakeMirror.postgresRows(postgres, table), rows());
    }

    /** One column of every row, as text, by key; a column the table does not have is null in every row. */
    Map<String, String> column(String name) {
        Map<String, String> values = new HashMap<>();
        Table iceberg;
        try {
            iceberg = catalog.loadTable(this.name);
        } catch (NoSuchTableException e) {
            return values;
        }
        boolean present = iceberg.schema().findField(name) != null;
        try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
            for (Record record : records) {
                values.put(
                        String.valueOf(record.getField(table.key())),
                        present ? Objects.toString(record.getField(name), null) : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** The table's rows by key: {@code last_update} in epoch microseconds, the compared columns as text. */
    Map<String, LakeMirror.Row> rows() {
        Table iceberg;
        try {
            iceberg = catalog.loadTable(name);
        } catch (NoSuchTableException e) {
            return Map.of();
        }
        Map<String, LakeMirror.Row> rows = new HashMap<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg).build()) {
            for (Record record : records) {
                List<String> values = new ArrayList<>();
                table.columns().forEach(c -> values.add(Objects.toString(record.getField(c), null)));
                LakeMirror.Row row = new LakeMirror.Row(micros(record.getField("last_update")), values);
                if (rows.put(String.valueOf(record.getField(table.key())), row) != null) {
                    throw new AssertionError(
                            "Iceberg table " + name + " holds key " + record.getField(table.key()) + " twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** A timestamp column's value in epoch microseconds ({@code timestamptz} or {@code timestamp} as UTC). */
    private static long micros(Object timestamp) {
        Instant instant = timestamp instanceof OffsetDateTime zoned
                ? zoned.toInstant()
                : timestamp instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC) : null;
        return instant == null ? Long.MIN_VALUE : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    @Override
    public void close() throws IOException {
        catalog.close();
    }
}
