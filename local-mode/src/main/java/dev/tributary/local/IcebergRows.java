package dev.tributary.local;

import dev.tributary.localstack.LocalStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Rows of an Iceberg table the sink keeps, read with Apache Iceberg's own reader through the local Glue endpoint and
 * S3 server, deletes applied: what the walkthrough shows beside PostgreSQL.
 */
final class IcebergRows {

    private IcebergRows() {}

    /**
     * The rows whose integer {@code key} is between {@code from} and {@code to}, by key, with the columns asked for.
     *
     * @return empty if the table does not exist (yet)
     */
    static Optional<Map<String, List<String>>> between(
            LocalStack stack, String database, String table, String key, int from, int to, List<String> columns) {
        Map<String, String> properties = stack.icebergProperties();
        properties.put("warehouse", "s3://" + LocalRun.LAKE_BUCKET + "/iceberg");
        try (GlueCatalog catalog = new GlueCatalog()) {
            catalog.initialize("walkthrough", properties);
            Table iceberg;
            try {
                iceberg = catalog.loadTable(TableIdentifier.of(database, table));
            } catch (NoSuchTableException e) {
                return Optional.empty();
            }
            Map<String, List<String>> rows = new LinkedHashMap<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(iceberg)
                    .where(Expressions.and(
                            Expressions.greaterThanOrEqual(key, from), Expressions.lessThanOrEqual(key, to)))
                    .build()) {
                for (Record record : records) {
                    int id = ((Number) record.getField(key)).intValue();
                    if (id < from || id > to) {
                        continue;
                    }
                    List<String> values = new ArrayList<>();
                    columns.forEach(c -> values.add(String.valueOf(record.getField(c))));
                    rows.put(String.valueOf(record.getField(key)), values);
                }
            }
            return Optional.of(rows);
        } catch (IOException e) {
            throw new LocalModeException(
                    "Cannot read Iceberg table " + database + "." + table + ": " + e.getMessage(), e);
        }
    }
}
