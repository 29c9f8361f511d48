package dev.tributary.core.record;

/**
 * Names of the semantic types that records use beyond Kafka Connect's own logical types. They are Debezium's
 * names, so tools that know Debezium's conventions read them too; the base type carries the value, and Connect
 * converters pass the names through untouched. The poller writes them and the sink maps them to Parquet logical
 * types.
 */
public final class SemanticTypes {

    /** int64: microseconds since the epoch of a timestamp without time zone, read as if it were UTC. */
    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    /** string: an instant (timestamptz) in ISO-8601 with offset Z and up to microseconds. */
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    /** int64: microseconds since midnight of a time without time zone. */
    public static final String MICRO_TIME = "io.debezium.time.MicroTime";
    /** string: a time with time zone in ISO-8601 ({@code 12:00:00+02:00}). */
    public static final String ZONED_TIME = "io.debezium.time.ZonedTime";
    /** string: a UUID. */
    public static final String UUID = "io.debezium.data.Uuid";
    /** string: a JSON document (json or jsonb). */
    public static final String JSON = "io.debezium.data.Json";
    /** string: an enum label; parameter {@value #ENUM_ALLOWED} lists the labels. */
    public static final String ENUM = "io.debezium.data.Enum";
    /** Parameter of {@link #ENUM}: the labels, comma-separated, in the type's order. */
    public static final String ENUM_ALLOWED = "allowed";
    /** string: a numeric without declared precision and scale, exactly as the database prints it. */
    public static final String VARIABLE_DECIMAL = "dev.tributary.data.VariableDecimal";
    /** Parameter of Connect's Decimal: the declared precision, as Kafka Connect's JDBC source sets it. */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";

    private SemanticTypes() {}
}
