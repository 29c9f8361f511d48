package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a source finds deleted rows, and what it produces for each: query-based capture sees only the rows that are
 * there, so a deleted row needs one of these to leave the lake.
 *
 * @param capture how deletes are found
 * @param records what each delete becomes on the topic
 * @param softColumn the column that marks a row as deleted (capture soft)
 * @param softValue the value of {@code softColumn} that means deleted; empty: any non-null value
 * @param table the table whose deletes remove rows of a query source (capture log)
 * @param keyMap for a query source, each key column of the query and the column of {@code table} it holds, in order
 * @param reconcileInterval how often the key set is reconciled (capture reconcile)
 */
public record DeleteConfig(
        DeleteCapture capture,
        DeleteRecords records,
        Optional<String> softColumn,
        Optional<String> softValue,
        Optional<String> table,
        Map<String, String> keyMap,
        Duration reconcileInterval) {

    /** The value field that says a record is a delete, as Debezium's ExtractNewRecordState rewrite mode names it. */
    public static final String MARKER_FIELD = "__deleted";
    /** The header whose value {@code d} says a record is a delete, whatever its value holds. */
    public static final String OPERATION_HEADER = "tributary.op";

    public static final Setting<DeleteCapture> CAPTURE = Setting.choice("capture", DeleteCapture.class)
            .defaultValue(DeleteCapture.NONE)
            .doc("How deleted rows are found. log needs infra/sql/install.sql and one call of"
                    + " tributary.capture_deletes per table; soft needs soft-column.");
    public static final Setting<DeleteRecords> RECORDS = Setting.choice("records", DeleteRecords.class)
            .defaultValue(DeleteRecords.MARKER_AND_TOMBSTONE)
            .doc("What each delete becomes on the topic. A tombstone needs a record key: records without one get"
                    + " the marker record only.");
    public static final Setting<String> SOFT_COLUMN = Setting.string("soft-column")
            .doc("Capture soft: the column that marks a row as deleted (deleted_at, is_deleted). A row marked so is"
                    + " produced as a delete; cleared again, as an upsert.");
    public static final Setting<String> SOFT_VALUE = Setting.string("soft-value")
            .defaultDescribed("any non-null value")
            .doc("Capture soft: the value of soft-column that means deleted (true, 'D'), compared as the column's"
                    + " type.");
    public static final Setting<String> TABLE = Setting.string("table")
            .doc("Capture log on a query source: the table ([schema.]name) whose deleted rows remove rows of the"
                    + " query. Table sources use their own tables.");
    public static final Setting<List<String>> KEY_MAP = Setting.list("key-map")
            .defaultValue(List.of())
            .defaultDescribed("the table's primary key columns, under the same names in the query")
            .doc("Capture log on a query source: query_column:table_column pairs saying which column of the table"
                    + " each key column of the query holds. A delete record carries these query columns.");

    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.duration("reconcile-interval")
            .defaultValue(Duration.ofMinutes(15))
            .atLeast(1_000)
            .doc("Capture reconcile: how often the poller reads the relation's key set and produces a delete for"
                    + " each key the lake holds that is gone. A delete reaches the lake within this interval (sooner"
                    + " when many keys were added since the last reconciliation).");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "sources[].deletes", "How a source finds deleted rows and what it produces for them.")
            .add(CAPTURE, RECORDS, SOFT_COLUMN, SOFT_VALUE, TABLE, KEY_MAP, RECONCILE_INTERVAL)
            .build();

    /** No delete capture. */
    public static DeleteConfig none() {
        return new DeleteConfig(
                DeleteCapture.NONE,
                DeleteRecords.MARKER_AND_TOMBSTONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                RECONCILE_INTERVAL.defaultValue().orElseThrow());
    }

    /**
     * @param mode the source's capture mode, which some ways of finding deletes need
     * @param query whether the source is a query
     */
    static DeleteConfig from(ConfigObject config, SourceConfig.CaptureMode mode, boolean query) {
        DeleteCapture capture = config.get(CAPTURE);
        if (capture == DeleteCapture.SOFT && mode == SourceConfig.CaptureMode.INCREMENTING) {
            throw ConfigException.invalid(
                    config.path(CAPTURE),
                    "soft",
                    "needs a timestamp mode or bulk: mode"
                            + " incrementing reads each row once, so it never sees a row marked as deleted later");
        }
        if ((capture == DeleteCapture.LOG || capture == DeleteCapture.RECONCILE)
                && mode == SourceConfig.CaptureMode.BULK) {
            throw ConfigException.invalid(
                    config.path(CAPTURE),
                    capture.configValue(),
                    "is not needed in mode bulk,"
                            + " which reads every row on every poll; a bulk source's consumers replace the whole table");
        }
        Optional<String> softColumn = config.find(SOFT_COLUMN);
        if (capture == DeleteCapture.SOFT && softColumn.isEmpty()) {
            throw ConfigException.missing(
                    config.path(SOFT_COLUMN), "capture soft needs the column that marks a row as deleted");
        }
        for (Setting<String> soft : List.of(SOFT_COLUMN, SOFT_VALUE)) {
            if (capture != DeleteCapture.SOFT && config.find(soft).isPresent()) {
                throw ConfigException.invalid(
                        config.path(soft),
                        config.get(soft),
                        "is only used with capture soft," + " and capture is " + capture.configValue());
            }
        }
        Optional<String> table = config.find(TABLE);
        if (capture == DeleteCapture.LOG && query && table.isEmpty()) {
            throw ConfigException.missing(
                    config.path(TABLE),
                    "capture log on a query source needs the table whose deletes remove rows of the query");
        }
        if (table.isPresent() && !(query && capture == DeleteCapture.LOG)) {
            throw ConfigException.invalid(
                    config.path(TABLE),
                    table.get(),
                    "is only used by capture log on a query"
                            + " source; a table source reads the deletes of its own tables");
        }
        List<String> pairs = config.get(KEY_MAP);
        if (!pairs.isEmpty() && table.isEmpty()) {
            throw ConfigException.invalid(
                    config.path(KEY_MAP), String.join(",", pairs), "is only used together with " + config.path(TABLE));
        }
        Map<String, String> keyMap = new LinkedHashMap<>();
        for (String pair : pairs) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1 || pair.indexOf(':', colon + 1) >= 0) {
                throw ConfigException.invalid(config.path(KEY_MAP), pair, "must be query_column:table_column");
            }
            if (keyMap.put(
                            pair.substring(0, colon).trim(),
                            pair.substring(colon + 1).trim())
                    != null) {
                throw ConfigException.invalid(
                        config.path(KEY_MAP), pair, "names query column " + pair.substring(0, colon) + " twice");
            }
        }
        if (capture != DeleteCapture.RECONCILE && config.isSet(RECONCILE_INTERVAL)) {
            throw ConfigException.invalid(
                    config.path(RECONCILE_INTERVAL),
                    config.get(RECONCILE_INTERVAL).toString(),
                    "is only used with capture reconcile, and capture is " + capture.configValue());
        }
        return new DeleteConfig(
                capture,
                config.get(RECORDS),
                softColumn,
                config.find(SOFT_VALUE),
                table,
                Map.copyOf(keyMap),
                config.get(RECONCILE_INTERVAL));
    }

    /** The key map's query columns, in the order written. */
    public List<String> keyMapColumns() {
        return new ArrayList<>(keyMap.keySet());
    }

    /** How a source finds deleted rows. */
    public enum DeleteCapture implements ConfigEnum {
        NONE("deletes are not captured: a deleted row stays in the lake"),
        LOG("an AFTER DELETE trigger (infra/sql/install.sql) logs each deleted row's key in"
                + " tributary.delete_log; the poller reads the log with a high-water mark of its own, as any"
                + " source, and prunes what every reader has passed. TRUNCATE is logged too"),
        SOFT("rows are never removed: soft-column (and soft-value) marks a row as deleted, and the poller"
                + " produces such a row as a delete"),
        RECONCILE("nothing installed in the database: every reconcile-interval the poller reads the"
                + " relation's key set (its key columns: the primary key, key-columns, or a query's"
                + " incrementing-column) and produces a delete for each key it delivered that is gone; the keys it"
                + " delivered are kept, compressed, in the state table");

        DeleteCapture(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** What a delete becomes on the topic. */
    public enum DeleteRecords implements ConfigEnum {
        MARKER_AND_TOMBSTONE(
                "marker+tombstone",
                "a delete record, then a tombstone with the same key (as Debezium"
                        + " follows its delete event), so that compacted topics and Connect sinks drop the key"),
        MARKER("a delete record only: the key columns (all columns, for soft deletes) and " + MARKER_FIELD
                + ": true, with header " + OPERATION_HEADER + ": d (Debezium's delete.handling.mode=rewrite)"),
        TOMBSTONE("a tombstone only: the key and a null value; needs a record key");

        DeleteRecords(String description) {
            ConfigEnum.declare(this, description);
        }

        DeleteRecords(String value, String description) {
            ConfigEnum.declare(this, value, description);
        }

        public boolean marker() {
            return this != TOMBSTONE;
        }

        public boolean tombstone() {
            return this != MARKER;
        }
    }
}
