package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One sink: which topics it takes, and how their records become objects in the lake (format, compression,
 * partitioning, transforms), in the layout of Kafka Connect's S3 sink.
 *
 * @param name unique name
 * @param topics topics taken, by name
 * @param topicsRegex topics taken, by pattern
 * @param bucket the lake bucket
 * @param topicsDir the key prefix under which each topic's objects are written
 * @param format object format
 * @param compression object compression
 * @param partitioner how objects are partitioned
 * @param partitionFields the fields of the field partitioner
 * @param pathFormat the path of the time partitioner
 * @param partitionDuration the time partitioner's granularity
 * @param timestampSource where the time partitioner takes a record's time from
 * @param timestampField the record field, when the time comes from one
 * @param timezone the time partitioner's time zone
 * @param locale the time partitioner's locale, for month and day names
 * @param keepPartitionFields repeat partition fields inside the objects
 * @param nullValues what a record with a null value (a tombstone) becomes
 * @param metadataColumns add Kafka metadata and the record key as columns
 * @param deadLetterPrefix where records that cannot be written go
 * @param tableName the catalog table of a topic ({@code ${topic}} is replaced)
 * @param jsonStyle how JSON objects write times and decimals
 * @param jsonDecimalFormat how the kafka-connect JSON style writes decimals
 * @param transforms transforms applied in order
 * @param iceberg how a sink of format iceberg keeps its tables
 */
public record SinkConfig(
        String name,
        List<String> topics,
        Optional<Pattern> topicsRegex,
        String bucket,
        String topicsDir,
        Format format,
        Compression compression,
        PartitionerKind partitioner,
        List<String> partitionFields,
        Optional<String> pathFormat,
        Duration partitionDuration,
        TimestampSource timestampSource,
        Optional<String> timestampField,
        ZoneId timezone,
        Locale locale,
        boolean keepPartitionFields,
        NullValues nullValues,
        boolean metadataColumns,
        String deadLetterPrefix,
        String tableName,
        JsonStyle jsonStyle,
        JsonDecimalFormat jsonDecimalFormat,
        List<TransformConfig> transforms,
        IcebergConfig iceberg) {

    public static final Setting<String> NAME = Setting.string("name")
            .required()
            .validate(n -> !n.isBlank(), "not be blank")
            .doc("Unique name of the sink.");
    public static final Setting<List<String>> TOPICS = Setting.list("topics")
            .defaultValue(List.of())
            .doc("Topics whose records this sink writes. Either topics or topics-regex.");
    public static final Setting<String> TOPICS_REGEX = Setting.regex("topics-regex")
            .doc("A regular expression; topics whose whole name matches it go to this sink. Either topics or"
                    + " topics-regex.");
    public static final Setting<String> BUCKET = Setting.string("bucket")
            .required()
            .validate(b -> b.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"), "be an S3 bucket name")
            .doc("The lake's S3 bucket.");
    public static final Setting<String> TOPICS_DIR = Setting.string("topics-dir")
            .defaultValue("topics")
            .validate(d -> !d.startsWith("/") && !d.endsWith("/"), "not start or end with /")
            .doc("Key prefix of the objects: <topics-dir>/<topic>/<partition path>/<topic>+<partition>+<start"
                    + " offset>.<extension>, as Kafka Connect's S3 sink names them.");
    public static final Setting<Format> FORMAT =
            Setting.choice("format", Format.class).defaultValue(Format.PARQUET).doc("Object format.");
    public static final Setting<Compression> COMPRESSION = Setting.choice("compression", Compression.class)
            .defaultDescribed("snappy for parquet, zstd for iceberg, none for json")
            .doc("Compression of objects: parquet and iceberg take none, snappy, gzip or zstd; json takes none or"
                    + " gzip.");
    public static final Setting<PartitionerKind> PARTITIONER = Setting.choice("partitioner", PartitionerKind.class)
            .defaultValue(PartitionerKind.DEFAULT)
            .doc("How objects are partitioned into paths.");
    public static final Setting<List<String>> PARTITION_FIELDS = Setting.list("partition-fields")
            .defaultValue(List.of())
            .doc("Fields of the record value whose values name the partition path, as field=value segments in"
                    + " order. Required by the field partitioner.");
    public static final Setting<String> PATH_FORMAT = Setting.string("path-format")
            .doc("Path of the time partitioner, a Joda-Time pattern as Kafka Connect's path.format:"
                    + " 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH. Required by the time partitioner.");
    public static final Setting<Duration> PARTITION_DURATION = Setting.duration("partition-duration")
            .defaultValue(Duration.ofHours(1))
            .atLeast(1)
            .doc("Granularity of the time partitioner: a record's time is rounded down to a multiple of it.");
    public static final Setting<TimestampSource> TIMESTAMP_SOURCE = Setting.choice(
                    "timestamp-source", TimestampSource.class)
            .defaultValue(TimestampSource.RECORD)
            .doc("Where the time partitioner takes a record's time from.");
    public static final Setting<String> TIMESTAMP_FIELD = Setting.string("timestamp-field")
            .doc("The record value's field that holds its time, with timestamp-source record-field: a Connect"
                    + " Timestamp, Date, a microsecond or ISO-8601 time, or a number of epoch milliseconds.");
    public static final Setting<String> TIMEZONE =
            Setting.zoneId("timezone").defaultValue("UTC").doc("Time zone of the time partitioner's path.");
    public static final Setting<String> LOCALE = Setting.string("locale")
            .defaultValue("en")
            .doc("Locale of the time partitioner's path (month and day names), as a language tag.");
    public static final Setting<Boolean> KEEP_PARTITION_FIELDS = Setting.bool("keep-partition-fields")
            .defaultValue(false)
            .doc("Keep the field partitioner's fields inside the objects too. By default they are only in the path,"
                    + " as Hive lays tables out: a column that is both a partition key and a data column makes Athena"
                    + " fail.");
    public static final Setting<NullValues> NULL_VALUES = Setting.choice("null-values", NullValues.class)
            .defaultValue(NullValues.WRITE)
            .doc("What a record with a null value (a tombstone, a delete) becomes.");
    public static final Setting<Boolean> METADATA_COLUMNS = Setting.bool("metadata-columns")
            .defaultValue(true)
            .doc("Add the columns __topic, __partition, __offset, __timestamp (Kafka's), __op (u: upsert, d: delete)"
                    + " and the record key (__key, or __key_<field> for a struct key). Names that a record already"
                    + " uses get more leading underscores, so they never clash.");
    public static final Setting<String> DEAD_LETTER_PREFIX = Setting.string("dead-letter-prefix")
            .defaultValue("dead-letter")
            .validate(d -> !d.startsWith("/") && !d.endsWith("/"), "not start or end with /")
            .doc("Key prefix for records that cannot be written (undecodable, failing a transform, or holding a"
                    + " value their column cannot take, such as a decimal with too many digits): one JSON"
                    + " object per record with the reason and the raw key, value and headers, at"
                    + " <prefix>/<topic>/<partition>/<offset>.json. The rest of the batch proceeds. Records of a"
                    + " topic no sink takes go to <prefix>/no-sink/<topic>/<partition>/<offset>.json.");
    public static final Setting<String> TABLE_NAME = Setting.string("table-name")
            .defaultValue("${topic}")
            .doc("The catalog table of a topic's objects, as Kafka Connect's table.name.format: ${topic} is replaced"
                    + " by the topic; . and - become _.");

    public static final Setting<JsonStyle> JSON_STYLE = Setting.choice("json-style", JsonStyle.class)
            .defaultValue(JsonStyle.TRIBUTARY)
            .doc("How JSON objects write times and decimals. Kafka Connect configurations with JsonFormat run with"
                    + " kafka-connect.");
    public static final Setting<JsonDecimalFormat> JSON_DECIMAL_FORMAT = Setting.choice(
                    "json-decimal-format", JsonDecimalFormat.class)
            .defaultValue(JsonDecimalFormat.BASE64)
            .doc("How json-style kafka-connect writes decimals, as Kafka Connect's json.decimal.format.");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "sinks[]", "A sink: topics, and how their records become objects in the lake.")
            .add(
                    NAME,
                    TOPICS,
                    TOPICS_REGEX,
                    BUCKET,
                    TOPICS_DIR,
                    FORMAT,
                    COMPRESSION,
                    PARTITIONER,
                    PARTITION_FIELDS,
                    PATH_FORMAT,
                    PARTITION_DURATION,
                    TIMESTAMP_SOURCE,
                    TIMESTAMP_FIELD,
                    TIMEZONE,
                    LOCALE,
                    KEEP_PARTITION_FIELDS,
                    NULL_VALUES,
                    METADATA_COLUMNS,
                    DEAD_LETTER_PREFIX,
                    TABLE_NAME,
                    JSON_STYLE,
                    JSON_DECIMAL_FORMAT)
            .object("iceberg", IcebergConfig.GROUP)
            .list("transforms", TransformConfig.GROUP)
            .list("predicates", PredicateConfig.GROUP)
            .build();

    /** Whether this sink takes the topic. */
    public boolean takes(String topic) {
        return topics.contains(topic)
                || topicsRegex.map(p -> p.matcher(topic).matches()).orElse(false);
    }

    /** The catalog table name of a topic. */
    public String tableNameOf(String topic) {
        return tableName
                .replace("${topic}", topic)
                .replace('.', '_')
                .replace('-', '_')
                .toLowerCase(Locale.ROOT);
    }

    static SinkConfig from(ConfigObject config) {
        List<String> topics = config.get(TOPICS);
        Optional<String> regex = config.find(TOPICS_REGEX);
        config.requireEither("sink", config.get(NAME), TOPICS, !topics.isEmpty(), TOPICS_REGEX, regex.isPresent());
        Format format = config.get(FORMAT);
        Compression compression = config.find(COMPRESSION)
                .orElse(
                        switch (format) {
                            case PARQUET -> Compression.SNAPPY;
                            case ICEBERG -> Compression.ZSTD;
                            case JSON -> Compression.NONE;
                        });
        IcebergConfig.refuseUnless(format == Format.ICEBERG, config.object("iceberg"));
        if (format == Format.JSON && compression != Compression.NONE && compression != Compression.GZIP) {
            throw ConfigException.invalid(
                    config.path(COMPRESSION), compression.configValue(), "json objects take none or gzip");
        }
        PartitionerKind partitioner = config.get(PARTITIONER);
        if (partitioner == PartitionerKind.FIELD && config.get(PARTITION_FIELDS).isEmpty()) {
            throw ConfigException.missing(
                    config.path(PARTITION_FIELDS), "the field partitioner needs the fields that name the partition");
        }
        if (partitioner == PartitionerKind.TIME && config.find(PATH_FORMAT).isEmpty()) {
            throw ConfigException.missing(
                    config.path(PATH_FORMAT),
                    "the time partitioner needs its path, such as 'year'=YYYY/'month'=MM/'day'=dd");
        }
        JsonStyle jsonStyle = config.get(JSON_STYLE);
        if (jsonStyle == JsonStyle.KAFKA_CONNECT && format != Format.JSON) {
            throw ConfigException.invalid(
                    config.path(JSON_STYLE), jsonStyle.configValue(), "is only used with format json");
        }
        if (jsonStyle == JsonStyle.KAFKA_CONNECT && config.get(METADATA_COLUMNS)) {
            throw ConfigException.invalid(
                    config.path(JSON_STYLE),
                    jsonStyle.configValue(),
                    "cannot be combined with"
                            + " metadata-columns: the current-state view orders a JSON table's versions by the text of"
                            + " its times, which epoch milliseconds do not keep in order");
        }
        if (config.get(TIMESTAMP_SOURCE) == TimestampSource.RECORD_FIELD
                && config.find(TIMESTAMP_FIELD).isEmpty()) {
            throw ConfigException.missing(
                    config.path(TIMESTAMP_FIELD), "timestamp-source record-field needs the field");
        }
        return new SinkConfig(
                config.get(NAME),
                topics,
                regex.map(Pattern::compile),
                config.get(BUCKET),
                config.get(TOPICS_DIR),
                format,
                compression,
                partitioner,
                config.get(PARTITION_FIELDS),
                config.find(PATH_FORMAT),
                config.get(PARTITION_DURATION),
                config.get(TIMESTAMP_SOURCE),
                config.find(TIMESTAMP_FIELD),
                ZoneId.of(config.get(TIMEZONE)),
                Locale.forLanguageTag(config.get(LOCALE)),
                config.get(KEEP_PARTITION_FIELDS),
                config.get(NULL_VALUES),
                config.get(METADATA_COLUMNS),
                config.get(DEAD_LETTER_PREFIX),
                config.get(TABLE_NAME),
                jsonStyle,
                config.get(JSON_DECIMAL_FORMAT),
                TransformConfig.listOf(config),
                IcebergConfig.from(config.object("iceberg")));
    }

    /** How JSON objects write the values whose JSON form is a choice. */
    public enum JsonStyle implements ConfigEnum {
        TRIBUTARY("times as ISO-8601 text with six fraction digits, dates as yyyy-MM-dd, decimals as"
                + " numbers: the same values as the Parquet rows"),
        KAFKA_CONNECT("as Kafka Connect's JsonFormat: timestamps as epoch milliseconds, dates as"
                + " days since the epoch, times as milliseconds of the day, decimals as json-decimal-format says");

        JsonStyle(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** How the kafka-connect JSON style writes decimals, as Kafka Connect's json.decimal.format. */
    public enum JsonDecimalFormat implements ConfigEnum {
        BASE64("the unscaled value's two's-complement bytes, base64-encoded (Kafka Connect's default)"),
        NUMERIC("a JSON number");

        JsonDecimalFormat(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Object formats. */
    public enum Format implements ConfigEnum {
        PARQUET("Apache Parquet, columnar, with logical types (extension .parquet)"),
        JSON("JSON lines: one record value per line (extension .json)"),
        ICEBERG("an Apache Iceberg table per topic (format version 2, Parquet files), kept in the"
                + " catalog's Glue database by the sink itself: see iceberg.mode");

        Format(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Object compression codecs. */
    public enum Compression implements ConfigEnum {
        NONE("uncompressed"),
        SNAPPY("snappy (parquet only; extension .snappy.parquet)"),
        GZIP("gzip (extension .gz.parquet or .json.gz)"),
        ZSTD("zstd (parquet only; extension .zstd.parquet)");

        Compression(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Partitioners, as Kafka Connect's S3 sink has them. */
    public enum PartitionerKind implements ConfigEnum {
        DEFAULT("partition=<Kafka partition>"),
        FIELD("<field>=<value> for each of partition-fields, values escaped as Hive escapes them"),
        TIME("path-format applied to the record's time, rounded down to partition-duration");

        PartitionerKind(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** Where the time partitioner takes a record's time from, as Kafka Connect's timestamp.extractor. */
    public enum TimestampSource implements ConfigEnum {
        RECORD("the Kafka record's timestamp"),
        RECORD_FIELD("a field of the record value (timestamp-field)"),
        WALLCLOCK("the time the sink writes the record; not deterministic across retries");

        TimestampSource(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** What a record with a null value becomes, as Kafka Connect's behavior.on.null.values. */
    public enum NullValues implements ConfigEnum {
        WRITE("a row with the key, null data columns and __op d, so the current-state view drops the key"),
        IGNORE("nothing; the record is counted as skipped"),
        FAIL("a dead letter");

        NullValues(String description) {
            ConfigEnum.declare(this, description);
        }
    }
}
