package dev.tributary.core.lake;

/**
 * The names of the metadata columns the sink writes beside a record's fields, which the catalog's current-state
 * views read: the contract between the two.
 */
public final class MetadataColumns {

    /** The record's topic. */
    public static final String TOPIC = "__topic";
    /** The record's Kafka partition. */
    public static final String PARTITION = "__partition";
    /** The record's Kafka offset. */
    public static final String OFFSET = "__offset";
    /** The record's Kafka timestamp. */
    public static final String TIMESTAMP = "__timestamp";
    /** The row's change time at the source, when the poller gave it. */
    public static final String SOURCE_TIME = "__source_ts";
    /** {@code u} for a row, {@code d} for a tombstone. */
    public static final String OPERATION = "__op";
    /** The record key; {@code __key_<field>} for each field of a struct key. */
    public static final String KEY = "__key";

    private MetadataColumns() {}

    /** Whether a column holds (part of) the record key. */
    public static boolean isKey(String column) {
        return column.equals(KEY) || column.startsWith(KEY + "_");
    }
}
