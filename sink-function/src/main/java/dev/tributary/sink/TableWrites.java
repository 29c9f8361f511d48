package dev.tributary.sink;

import dev.tributary.core.failure.PipelineFailure;
import dev.tributary.sink.Grouping.TableRows;
import dev.tributary.sink.iceberg.IcebergDelivery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one topic's rows of an Iceberg sink to its table, in offset order per Kafka partition again (the
 * partitioner grouped them by partition path); rows the table refuses go to the dead letters.
 */
final class TableWrites {

    private static final Comparator<Pending> OFFSET_ORDER = Comparator.comparingInt(
                    (Pending p) -> p.row().partition())
            .thenComparingLong(p -> p.row().offset());

    private final IcebergDelivery iceberg;

    TableWrites(IcebergDelivery iceberg) {
        this.iceberg = iceberg;
    }

    /** @throws PipelineFailure when the table cannot be read, evolved or committed to */
    Written write(TableRows table) {
        List<Pending> rows = new ArrayList<>(table.rows());
        rows.sort(OFFSET_ORDER);
        IcebergDelivery.Delivered delivered = iceberg.write(
                table.parts().config,
                table.topic(),
                rows.stream().map(Pending::row).toList());
        List<DeadLetter> dead = new ArrayList<>();
        delivered
                .refused()
                .forEach((index, reason) -> dead.add(
                        DeadLetter.of(table.parts().config, rows.get(index).source(), reason)));
        return new Written(null, delivered.records(), dead);
    }
}
