package dev.tributary.poller.capture;

import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one poll reads from one relation: the relation, the capture mode, and the columns that order rows.
 *
 * @param relation the FROM item: a quoted table, or a query wrapped as a subquery
 * @param mode the capture mode
 * @param changeTime the change-time column or expression (timestamp modes)
 * @param tieBreakers columns that order rows with equal change times (timestamp modes), or the incrementing column
 *     alone (mode incrementing); empty when rows with equal change times cannot be told apart
 * @param extraSelect expressions selected after the relation's columns, read by the poller only
 * @param batchMaxRows rows per batch
 * @param suffix SQL appended to every statement
 */
public record CaptureSpec(
        String relation,
        CaptureMode mode,
        Optional<OrderColumn> changeTime,
        List<OrderColumn> tieBreakers,
        List<String> extraSelect,
        int batchMaxRows,
        Optional<String> suffix) {

    public CaptureSpec {
        tieBreakers = List.copyOf(tieBreakers);
        extraSelect = List.copyOf(extraSelect);
        if (mode.usesTimestamp() != changeTime.isPresent()) {
            throw new IllegalArgumentException("mode " + mode.configValue() + " with change time " + changeTime);
        }
        if (mode == CaptureMode.INCREMENTING && tieBreakers.size() != 1) {
            throw new IllegalArgumentException("mode incrementing needs exactly one incrementing column");
        }
    }

    /** The order columns, change time first; a watermark holds one value per order column. */
    public List<OrderColumn> orderColumns() {
        List<OrderColumn> columns = new ArrayList<>();
        changeTime.ifPresent(columns::add);
        columns.addAll(tieBreakers);
        return columns;
    }

    public List<String> orderColumnNames() {
        return orderColumns().stream().map(OrderColumn::name).toList();
    }

    /**
     * Whether a batch may end between two rows with the same change time. When it cannot (no column tells such
     * rows apart), a batch always takes a change time's rows whole.
     */
    public boolean canSplitTies() {
        return mode == CaptureMode.INCREMENTING || !tieBreakers.isEmpty();
    }
}
