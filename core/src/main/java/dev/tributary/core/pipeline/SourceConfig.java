package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One capture source: a set of tables or one custom query, how changes are detected, and the transforms applied
 * before records are produced.
 *
 * @param name unique name; selects the source in manual invokes and keys its high-water marks
 * @param tables table patterns ({@code schema.table}, {@code *} wildcards), for table sources
 * @param excludeTables table patterns to leave out
 * @param tableTypes the kinds of relation that table patterns match
 * @param query a custom SELECT, for query sources
 * @param querySuffix SQL appended to every generated statement
 * @param topic topic of a query source
 * @param topicPrefix prefix of table sources' topics ({@code <prefix><table>})
 * @param mode how changes are detected
 * @param timestampColumns columns whose greatest value is a row's change time
 * @param incrementingColumn a strictly increasing column
 * @param keyColumns record key columns (default: the primary key, for tables)
 * @param recordKey whether records carry the key columns as their key, or no key (as Kafka Connect's JDBC source)
 * @param batchMaxRows rows per batch; the mark moves after each acknowledged batch
 * @param pollInterval time between polls; from a minute up, kept across scheduled invocations too
 * @param timestampDelay how far behind the database clock a poll stays
 * @param initialTimestamp where a new timestamp source starts
 * @param numericMapping how numeric columns map to record types
 * @param typeMapping how times, UUIDs, JSON and enums are typed in records
 * @param validateNonNull refuse nullable change-tracking columns
 * @param keyFormat the bytes of the records' keys on the topic
 * @param valueFormat the bytes of the records' values on the topic
 * @param transforms transforms applied in order, each under its predicate
 * @param deletes how deleted rows are found, and what they become
 */
public record SourceConfig(
        String name,
        List<String> tables,
        List<String> excludeTables,
        List<String> tableTypes,
        Optional<String> query,
        Optional<String> querySuffix,
        Optional<String> topic,
        String topicPrefix,
        CaptureMode mode,
        List<String> timestampColumns,
        Optional<String> incrementingColumn,
        List<String> keyColumns,
        RecordKey recordKey,
        int batchMaxRows,
        Duration pollInterval,
        Duration timestampDelay,
        Optional<InitialPosition> initialTimestamp,
        NumericMapping numericMapping,
        TypeMapping typeMapping,
        boolean validateNonNull,
        KeyFormat keyFormat,
        ValueFormat valueFormat,
        List<TransformConfig> transforms,
        DeleteConfig deletes) {

    public static final Setting<String> NAME = Setting.string("name")
            .required()
            .validate(n -> !n.isBlank() && n.length() <= 200, "be 1 to 200 characters")
            .doc("Unique name of the source. Manual invokes select sources by it, and its high-water marks are kept"
                    + " under it: renaming a source starts it afresh.");
    public static final Setting<List<String>> TABLES = Setting.list("tables")
            .defaultValue(List.of())
            .doc("Tables to capture, as schema.table (an unqualified name means schema public). * matches any run"
                    + " of characters, so public.* is every table of schema public. Each table has its own topic"
                    + " and high-water mark. Either tables or query.");
    public static final Setting<List<String>> EXCLUDE_TABLES = Setting.list("exclude-tables")
            .defaultValue(List.of())
            .doc("Tables to leave out of those that tables matches, same syntax.");
    /** The kinds of relation table patterns can match, as table-types names them. */
    public static final List<String> TABLE_TYPES =
            List.of("table", "partitioned-table", "view", "materialized-view", "foreign-table");

    public static final Setting<List<String>> TABLE_TYPES_SETTING = Setting.list("table-types")
            .defaultValue(List.of("table", "partitioned-table"))
            .validate(
                    types -> !types.isEmpty() && TABLE_TYPES.containsAll(types),
                    "be some of " + String.join(", ", TABLE_TYPES))
            .doc("The kinds of relation that tables matches: table, partitioned-table (read whole, its partitions"
                    + " through it), view, materialized-view, foreign-table. Without partitioned-table, a partitioned"
                    + " table's partitions are captured as tables of their own, as Kafka Connect's table.types TABLE"
                    + " does. Views are left out unless named here: a pattern such as public.* would otherwise reach"
                    + " views that lack the timestamp columns.");
    public static final Setting<String> QUERY = Setting.string("query")
            .doc("A custom SELECT (JOINs allowed) to capture instead of tables. It is wrapped as a subquery, so its"
                    + " columns are filtered and ordered by name: timestamp-columns and incrementing-column must be"
                    + " columns of its result.");
    public static final Setting<String> QUERY_SUFFIX = Setting.string("query-suffix")
            .doc("SQL appended to every statement the poller generates, after ORDER BY and LIMIT.");
    public static final Setting<String> TOPIC =
            Setting.string("topic").doc("Topic of a query source. Required with query.");
    public static final Setting<String> TOPIC_PREFIX = Setting.string("topic-prefix")
            .defaultValue("")
            .doc("Prefix of table sources' topics: the topic of table address is <topic-prefix>address.");
    public static final Setting<CaptureMode> MODE =
            Setting.choice("mode", CaptureMode.class).required().doc("How new and changed rows are found.");
    public static final Setting<List<String>> TIMESTAMP_COLUMNS = Setting.list("timestamp-columns")
            .defaultValue(List.of())
            .doc("Columns that hold a row's change time (timestamp or timestamptz). With several, a row's change"
                    + " time is the greatest of them, so a change in any joined table re-emits the joined row."
                    + " Required in the timestamp modes.");
    public static final Setting<String> INCREMENTING_COLUMN = Setting.string("incrementing-column")
            .doc("A strictly increasing integer column (an identity or serial id). Required in mode incrementing"
                    + " for queries; for tables it defaults to a single-column integer primary key. In mode"
                    + " timestamp+incrementing it breaks ties between rows with the same change time.");
    public static final Setting<List<String>> KEY_COLUMNS = Setting.list("key-columns")
            .defaultValue(List.of())
            .defaultDescribed("the primary key (tables); none (queries)")
            .doc("Columns of the record key. Also break ties between rows with the same change time when no"
                    + " incrementing-column is set. A query source without key columns produces records without a"
                    + " key (use a ValueToKey transform, or set key-columns).");
    public static final Setting<RecordKey> RECORD_KEY = Setting.choice("record-key", RecordKey.class)
            .defaultValue(RecordKey.KEY_COLUMNS)
            .doc("What the records' key is. Transforms (ValueToKey) may replace it either way.");
    public static final Setting<Integer> BATCH_MAX_ROWS = Setting.integer("batch-max-rows")
            .defaultValue(10_000)
            .between(1, 1_000_000)
            .doc("Rows per batch. The high-water mark moves after each batch that Kafka has acknowledged.");
    public static final Setting<Duration> POLL_INTERVAL = Setting.duration("poll-interval")
            .defaultValue(Duration.ofSeconds(5))
            .atLeast(100)
            .doc("Time between polls of this source; an invocation polls until its time budget is spent. From a"
                    + " minute up it holds across scheduled invocations too: the state table keeps the last poll, and"
                    + " a schedule that fires sooner skips the source (an hourly bulk copy on a one-minute schedule"
                    + " runs hourly). Manual invokes poll it at once.");
    public static final Setting<Duration> TIMESTAMP_DELAY = Setting.duration("timestamp-delay")
            .defaultValue(Duration.ZERO)
            .doc("How far behind the database clock a poll stays: rows changed within this delay wait for the next"
                    + " poll. Needed when change times come from clients' clocks, or when the poller cannot see"
                    + " other sessions' transactions.");
    public static final Setting<String> INITIAL_TIMESTAMP = Setting.string("initial-timestamp")
            .validate(v -> InitialPosition.parse(v).isPresent(), "be 'now' or an ISO-8601 date-time")
            .defaultDescribed("the beginning")
            .doc("Where a timestamp source starts when it has no high-water mark yet (and after a reset): 'now',"
                    + " or an ISO-8601 date-time (2026-01-01T00:00:00Z; without an offset it is read in"
                    + " database.timezone).");
    public static final Setting<NumericMapping> NUMERIC_MAPPING = Setting.choice(
                    "numeric-mapping", NumericMapping.class)
            .defaultValue(NumericMapping.NONE)
            .doc("How numeric columns are typed in records, as Kafka Connect's numeric.mapping.");
    public static final Setting<TypeMapping> TYPE_MAPPING = Setting.choice("type-mapping", TypeMapping.class)
            .defaultValue(TypeMapping.PRECISE)
            .doc("How times, UUIDs, JSON and enums are typed in records. Kafka Connect configurations run with"
                    + " kafka-connect, so that their topics carry what Kafka Connect's JDBC source writes.");
    public static final Setting<Boolean> VALIDATE_NON_NULL = Setting.bool("validate-non-null")
            .defaultValue(true)
            .doc("Refuse to start when a change-tracking column of a table is nullable: a row whose change time or"
                    + " id is NULL is never captured.");
    public static final Setting<KeyFormat> KEY_FORMAT = Setting.choice("key-format", KeyFormat.class)
            .defaultValue(KeyFormat.JSON_WITH_SCHEMA)
            .doc("The bytes of the records' keys on the topic, as a Kafka Connect key.converter writes them. A key"
                    + " that string, integer or long cannot write (a struct as integer, say) sends its row to"
                    + " kafka.dead-letter-topic.");
    public static final Setting<ValueFormat> VALUE_FORMAT = Setting.choice("value-format", ValueFormat.class)
            .defaultValue(ValueFormat.JSON_WITH_SCHEMA)
            .doc("The bytes of the records' values on the topic, as a Kafka Connect value.converter writes them."
                    + " The sink reads both.");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "sources[]", "A capture source: tables or a query, the change detection mode, and transforms.")
            .add(
                    NAME,
                    TABLES,
                    EXCLUDE_TABLES,
                    TABLE_TYPES_SETTING,
                    QUERY,
                    QUERY_SUFFIX,
                    TOPIC,
                    TOPIC_PREFIX,
                    MODE,
                    TIMESTAMP_COLUMNS,
                    INCREMENTING_COLUMN,
                    KEY_COLUMNS,
                    RECORD_KEY,
                    BATCH_MAX_ROWS,
                    POLL_INTERVAL,
                    TIMESTAMP_DELAY,
                    INITIAL_TIMESTAMP,
                    NUMERIC_MAPPING,
                    TYPE_MAPPING,
                    VALIDATE_NON_NULL,
                    KEY_FORMAT,
                    VALUE_FORMAT)
            .object("deletes", DeleteConfig.GROUP)
            .list("transforms", TransformConfig.GROUP)
            .list("predicates", PredicateConfig.GROUP)
            .build();

    /** A query source captures one custom SELECT; otherwise the source captures tables. */
    public boolean isQuery() {
        return query.isPresent();
    }

    static SourceConfig from(ConfigObject config) {
        List<String> tables = config.get(TABLES);
        Optional<String> query = config.find(QUERY);
        config.requireEither("source", config.get(NAME), TABLES, !tables.isEmpty(), QUERY, query.isPresent());
        if (query.isPresent()) {
            if (config.find(TOPIC).isEmpty()) {
                throw ConfigException.missing(config.path(TOPIC), "a query source needs the name of its topic");
            }
            if (!query.get().trim().regionMatches(true, 0, "select", 0, 6)
                    && !query.get().trim().regionMatches(true, 0, "with", 0, 4)) {
                throw ConfigException.invalid(
                        config.path(QUERY), abbreviate(query.get()), "must be a SELECT (or WITH … SELECT) statement");
            }
        }
        CaptureMode mode = config.get(MODE);
        List<String> timestampColumns = config.get(TIMESTAMP_COLUMNS);
        if (mode.usesTimestamp() && timestampColumns.isEmpty()) {
            throw ConfigException.missing(
                    config.path(TIMESTAMP_COLUMNS),
                    "mode " + mode.configValue() + " needs the columns that hold each row's change time");
        }
        if (!mode.usesTimestamp() && !timestampColumns.isEmpty()) {
            throw ConfigException.invalid(
                    config.path(TIMESTAMP_COLUMNS),
                    String.join(",", timestampColumns),
                    "is only used in the timestamp modes, and mode is " + mode.configValue());
        }
        if (mode == CaptureMode.BULK && config.find(INCREMENTING_COLUMN).isPresent()) {
            throw ConfigException.invalid(
                    config.path(INCREMENTING_COLUMN), config.get(INCREMENTING_COLUMN), "is not used in mode bulk");
        }
        if (mode.usesIncrementing()
                && query.isPresent()
                && config.find(INCREMENTING_COLUMN).isEmpty()) {
            throw ConfigException.missing(
                    config.path(INCREMENTING_COLUMN),
                    "mode " + mode.configValue() + " on a query needs the strictly increasing column of its result");
        }
        if (!mode.usesTimestamp() && config.find(INITIAL_TIMESTAMP).isPresent()) {
            throw ConfigException.invalid(
                    config.path(INITIAL_TIMESTAMP),
                    config.get(INITIAL_TIMESTAMP),
                    "is only used in the timestamp modes, and mode is " + mode.configValue());
        }
        return new SourceConfig(
                config.get(NAME),
                tables,
                config.get(EXCLUDE_TABLES),
                config.get(TABLE_TYPES_SETTING),
                query,
                config.find(QUERY_SUFFIX),
                config.find(TOPIC),
                config.get(TOPIC_PREFIX),
                mode,
                timestampColumns,
                config.find(INCREMENTING_COLUMN),
                config.get(KEY_COLUMNS),
                config.get(RECORD_KEY),
                config.get(BATCH_MAX_ROWS),
                config.get(POLL_INTERVAL),
                config.get(TIMESTAMP_DELAY),
                config.find(INITIAL_TIMESTAMP).flatMap(InitialPosition::parse),
                config.get(NUMERIC_MAPPING),
                config.get(TYPE_MAPPING),
                config.get(VALIDATE_NON_NULL),
                config.get(KEY_FORMAT),
                config.get(VALUE_FORMAT),
                TransformConfig.listOf(config),
                DeleteConfig.from(config.object("deletes"), mode, query.isPresent()));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /**
     * Where a timestamp source starts: now, an instant, or a local date-time read in the database time zone.
     *
     * @param now start from the time of the first poll
     * @param instant a point in time (the text had an offset)
     * @param local a wall-clock time (the text had no offset)
     */
    public record InitialPosition(boolean now, Optional<Instant> instant, Optional<LocalDateTime> local) {

        static Optional<InitialPosition> parse(String text) {
            String trimmed = text.trim();
            if (trimmed.equalsIgnoreCase("now")) {
                return Optional.of(new InitialPosition(true, Optional.empty(), Optional.empty()));
            }
            try {
                return Optional.of(new InitialPosition(
                        false, Optional.of(OffsetDateTime.parse(trimmed).toInstant()), Optional.empty()));
            } catch (DateTimeParseException e) {
                // Not an instant with an offset; try a local date-time.
            }
            try {
                return Optional.of(
                        new InitialPosition(false, Optional.empty(), Optional.of(LocalDateTime.parse(trimmed))));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** How new and changed rows are found, as Kafka Connect's JDBC source modes. */
    public enum CaptureMode implements ConfigEnum {
        BULK("every row on every poll; no high-water mark"),
        INCREMENTING("rows whose incrementing-column is above the mark: new rows only"),
        TIMESTAMP("rows whose change time is above the mark: new and updated rows; ties broken by the key columns"),
        TIMESTAMP_INCREMENTING("timestamp+incrementing", "as timestamp, with ties broken by incrementing-column");

        CaptureMode(String description) {
            ConfigEnum.declare(this, description);
        }

        CaptureMode(String value, String description) {
            ConfigEnum.declare(this, value, description);
        }

        public boolean usesTimestamp() {
            return this == TIMESTAMP || this == TIMESTAMP_INCREMENTING;
        }

        public boolean usesIncrementing() {
            return this == INCREMENTING || this == TIMESTAMP_INCREMENTING;
        }
    }

    /** How a source types the values whose representation is a choice: times, UUIDs, JSON and enums. */
    public enum TypeMapping implements ConfigEnum {
        PRECISE("microseconds kept: timestamp as MicroTimestamp (int64), timestamptz as ZonedTimestamp"
                + " (ISO-8601 text in UTC), time as MicroTime; uuid, json and enums as named strings"),
        KAFKA_CONNECT("as Kafka Connect's JDBC source: timestamp (read in database.timezone),"
                + " timestamptz and time as Kafka Connect's Timestamp and Time logical types, in milliseconds;"
                + " uuid, json and enums as plain strings");

        TypeMapping(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** What a source's records carry as their key. */
    public enum RecordKey implements ConfigEnum {
        KEY_COLUMNS("a struct of the key columns (the primary key unless key-columns says otherwise);"
                + " what the sink's metadata columns and the catalog's current-state views use"),
        NONE("no key, as Kafka Connect's JDBC source produces; key-columns still break ties between rows"
                + " with the same change time");

        RecordKey(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** The bytes of a record key on the topic, as the Kafka Connect converter of the same name writes them. */
    public enum KeyFormat implements ConfigEnum {
        JSON_WITH_SCHEMA("JsonConverter with schemas.enable=true:" + " {\"schema\": …, \"payload\": …}"),
        JSON("JsonConverter with schemas.enable=false: the payload alone"),
        STRING("StringConverter: the key's text in UTF-8 (a struct as Struct{field=value,…})"),
        INTEGER("IntegerConverter: an int32 key as 4 bytes, big-endian"),
        LONG("LongConverter: an int64 key as 8 bytes, big-endian");

        KeyFormat(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** The bytes of a record value on the topic, as Kafka Connect's JsonConverter writes them. */
    public enum ValueFormat implements ConfigEnum {
        JSON_WITH_SCHEMA("JsonConverter with schemas.enable=true:"
                + " {\"schema\": …, \"payload\": …}; the sink types the columns from the schema"),
        JSON("JsonConverter with schemas.enable=false: the payload alone; the sink infers the columns' types"
                + " from the JSON, so times (epoch milliseconds) and decimals (base64 text) lose theirs");

        ValueFormat(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    /** How numeric columns are typed, as Kafka Connect's numeric.mapping. */
    public enum NumericMapping implements ConfigEnum {
        NONE("always a Decimal with the column's scale (unconstrained numeric: a string, exactly)"),
        PRECISION_ONLY("integers (int8 to int64) for numeric(p,0) with p up to 18; else as none"),
        BEST_FIT("as precision_only, and float64 for numeric(p,s) with p up to 18 and s above 0"),
        BEST_FIT_EAGER_DOUBLE("as best_fit, and float64 for any numeric with a fractional part");

        /** Written as Kafka Connect writes numeric.mapping: the name in lower case, underscores kept. */
        NumericMapping(String description) {
            ConfigEnum.declare(this, name().toLowerCase(Locale.ROOT), description);
        }
    }
}
