package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.core.pipeline.SourceConfig.NumericMapping;
import dev.tributary.core.pipeline.SourceConfig.RecordKey;
import dev.tributary.core.pipeline.SourceConfig.TypeMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Confluent's JDBC source connector ({@code io.confluent.connect.jdbc.JdbcSourceConnector}) as a pipeline source,
 * with Kafka Connect's semantics: the same topics ({@code topic.prefix} + table, or {@code topic.prefix} alone for a
 * query), records without a key unless transforms make one, and its defaults where they differ from Tributary's.
 */
final class JdbcSourceTranslator {

    static final List<String> CLASSES =
            List.of("io.confluent.connect.jdbc.JdbcSourceConnector", "JdbcSourceConnector", "JdbcSource");

    private static final List<String> MODES = ConfigEnum.values(CaptureMode.class);
    /** The properties each setting of the translated source may come from, first the likeliest. */
    private static final Map<String, List<String>> ORIGINS = SettingOrigins.table("""
            database.jdbc-url:              connection.url
            database.username:              connection.user, connection.url
            database.password:              connection.password, connection.url
            database.ssl-mode:              connection.url
            database.timezone:              db.timezone
            kafka.topic-partitions:         topic.creation.default.partitions
            kafka.topic-replication-factor: topic.creation.default.replication.factor
            name:                           name
            query:                          query
            query-suffix:                   query.suffix
            topic:                          topic.prefix
            topic-prefix:                   topic.prefix
            tables:                         table.whitelist, table.include.list, schema.pattern
            exclude-tables:                 table.blacklist, table.exclude.list
            table-types:                    table.types
            mode:                           mode
            timestamp-columns:              timestamp.column.name
            incrementing-column:            incrementing.column.name
            key-columns:                    incrementing.column.name
            validate-non-null:              validate.non.null
            numeric-mapping:                numeric.mapping, numeric.precision.mapping
            poll-interval:                  poll.interval.ms
            batch-max-rows:                 batch.max.rows
            timestamp-delay:                timestamp.delay.interval.ms
            initial-timestamp:              timestamp.initial
            key-format:                     key.converter, key.converter.schemas.enable
            value-format:                   value.converter.schemas.enable, value.converter
            """);

    private JdbcSourceTranslator() {}

    static Translation translate(ConnectorConfig connector, Map<String, String> environment) {
        return Translation.of(
                connector,
                environment,
                "JdbcSourceConnector",
                WorkerDefaults.source(),
                ORIGINS,
                (p, pipeline) -> fill(p, pipeline, connector, environment));
    }

    private static void fill(
            ConnectorProperties p, ObjectNode pipeline, ConnectorConfig connector, Map<String, String> environment) {
        ObjectNode database = pipeline.putObject("database");
        p.attempt(() -> JdbcConnectionTranslator.database(p, database, environment));
        ObjectNode source = pipeline.putArray("sources").addObject();
        source.put("name", connector.name());
        // Each part refuses what it cannot run and the next runs still, so that one run reports every problem.
        p.attempt(() -> capture(p, source));
        p.attempt(() -> timing(
                p,
                source,
                ConfigEnum.withValue(CaptureMode.class, source.path("mode").asText())
                        .filter(CaptureMode::usesTimestamp)
                        .isPresent()));
        p.attempt(() -> topics(p, pipeline));
        p.attempt(() -> ConnectTransforms.into(p, source));
        p.attempt(() -> ConnectConverters.source(p, source));
        p.attempt(() -> ignored(p));
    }

    private static void capture(ConnectorProperties p, ObjectNode source) {
        String mode = p.find("mode").orElse("");
        Optional<CaptureMode> capture = ConfigEnum.withValue(CaptureMode.class, mode);
        if (capture.isEmpty()) {
            p.refuse(
                    "mode",
                    (mode.isEmpty() ? "is missing: it must be " : "is not supported: it must be ") + "one of "
                            + String.join(", ", MODES));
        }
        Optional<String> query = p.find("query");
        // The older lists name tables; the newer ones are regular expressions over qualified names.
        List<String> whitelist = either(p, "table.whitelist", "table.include.list");
        List<String> blacklist = either(p, "table.blacklist", "table.exclude.list");
        Optional<String> schemaPattern = p.find("schema.pattern");
        p.ignore(
                "catalog.pattern",
                "PostgreSQL's driver ignores the catalog: the database of connection.url is"
                        + " captured (schema.pattern chooses schemas)");
        String prefix = p.get("topic.prefix", "");
        if (query.isPresent()) {
            if (!whitelist.isEmpty() || !blacklist.isEmpty()) {
                p.refuse(
                        "query",
                        "cannot be combined with table.whitelist or table.blacklist: a connector"
                                + " captures either a query or tables");
            }
            if (prefix.isEmpty()) {
                p.refuse("topic.prefix", "is required with query: it is the query's topic");
            }
            source.put("query", query.get());
            source.put("topic", prefix);
        } else {
            String schema = schemaPattern.map(JdbcSourceTranslator::pattern).orElse("*");
            source.set("table-types", tableTypes(p));
            ArrayNode tables = source.putArray("tables");
            if (whitelist.isEmpty()) {
                tables.add(schema + ".*");
            } else {
                whitelist.forEach(t -> tables.add(qualified(t, schema)));
            }
            if (!blacklist.isEmpty()) {
                ArrayNode excluded = source.putArray("exclude-tables");
                blacklist.forEach(t -> excluded.add(qualified(t, schema)));
            }
            source.put("topic-prefix", prefix);
        }
        p.find("query.suffix").ifPresent(suffix -> source.put("query-suffix", suffix));
        List<String> timestampColumns = p.list("timestamp.column.name");
        Optional<String> incrementing = p.find("incrementing.column.name");
        if (query.isPresent()) {
            resultColumns(p, "timestamp.column.name", timestampColumns);
            resultColumns(p, "incrementing.column.name", incrementing.stream().toList());
        }
        if (capture.filter(CaptureMode::usesTimestamp).isPresent()) {
            if (timestampColumns.isEmpty()) {
                p.refuse("timestamp.column.name", "is required in mode " + mode);
            }
            ArrayNode columns = source.putArray("timestamp-columns");
            timestampColumns.forEach(columns::add);
            if (timestampColumns.size() > 1) {
                p.notice("timestamp.column.name lists " + timestampColumns.size() + " columns: a row's change time is"
                        + " the greatest of them (Kafka Connect takes the first that is not NULL; the two agree when"
                        + " later columns never exceed earlier ones)");
            }
        } else if (!timestampColumns.isEmpty()) {
            p.ignore("timestamp.column.name", "mode " + mode + " does not use it");
        }
        if (capture.filter(CaptureMode::usesIncrementing).isPresent()) {
            incrementing.ifPresent(column -> source.put("incrementing-column", column));
        } else if (incrementing.isPresent()) {
            if (capture.equals(Optional.of(CaptureMode.TIMESTAMP)) && query.isPresent()) {
                // Kafka Connect ignores it in this mode. Here it orders a query's rows with the same change time
                // (tables use their primary key), so none is skipped or read twice at a batch boundary; it does
                // not become the record key (record-key none).
                source.putArray("key-columns").add(incrementing.get());
                p.notice("incrementing.column.name " + incrementing.get() + " orders rows with the same change time"
                        + " (Kafka Connect ignores it in mode timestamp); records stay without a key");
            } else {
                p.ignore(
                        "incrementing.column.name",
                        "mode " + mode + " does not use it"
                                + (capture.equals(Optional.of(CaptureMode.TIMESTAMP))
                                        ? " (a table's primary key orders rows with the same change time)"
                                        : ""));
            }
        }
        if (!mode.isEmpty()) {
            source.put("mode", mode);
        }
        // Kafka Connect's JDBC source produces records without a key; transforms (ValueToKey) may make one.
        source.put("record-key", RecordKey.NONE.configValue());
        // And types values as it does: millisecond Timestamp and Time logical types, plain strings.
        source.put("type-mapping", TypeMapping.KAFKA_CONNECT.configValue());
        p.find("validate.non.null").ifPresent(v -> source.put("validate-non-null", Boolean.parseBoolean(v)));
        Optional<String> numericMapping = p.find("numeric.mapping");
        if (numericMapping.isPresent()) {
            p.ignore("numeric.precision.mapping", "numeric.mapping, its replacement, is set and takes precedence");
        }
        String numeric = numericMapping.orElseGet(() -> p.bool("numeric.precision.mapping")
                .filter(Boolean::booleanValue)
                .map(b -> NumericMapping.PRECISION_ONLY.configValue())
                .orElse(NumericMapping.NONE.configValue()));
        source.put("numeric-mapping", numeric);
        p.find("timestamp.granularity").ifPresent(granularity -> {
            if (!granularity.equals("connect_logical")) {
                p.refuse(
                        "timestamp.granularity",
                        "is not supported: Tributary writes timestamps as Kafka"
                                + " Connect's Timestamp logical type in milliseconds (connect_logical), the default");
            }
        });
        p.find("quote.sql.identifiers").ifPresent(quote -> {
            if (!quote.equals("always")) {
                p.notice("quote.sql.identifiers " + quote + " is not followed: Tributary always quotes identifiers,"
                        + " so names are matched exactly as the catalog spells them");
            }
        });
    }

    /**
     * Refuses a column qualified by a table of the query ({@code ind.LAST_UPD}): Kafka Connect appends its WHERE to
     * the query itself, where the tables' names are visible, but Tributary reads the query as a subquery
     * ({@code SELECT … FROM (<query>) …}), where only the result's column names are.
     */
    private static void resultColumns(ConnectorProperties p, String key, List<String> columns) {
        for (String column : columns) {
            int dot = column.lastIndexOf('.');
            if (dot > 0 && !column.startsWith("\"")) {
                throw p.error(
                        key,
                        "is not supported with query because Tributary reads the query as a subquery"
                                + " (SELECT ... FROM (<query>) ...), where only the names of the result's columns are visible,"
                                + " not the tables': name the result column instead (" + column.substring(dot + 1)
                                + ", or the alias the query gives it, as in " + column + " AS last_changed)");
            }
        }
    }

    private static void timing(ConnectorProperties p, ObjectNode source, boolean timestamps) {
        p.number("poll.interval.ms").ifPresent(ms -> {
            if (ms < 100) {
                throw p.error("poll.interval.ms", "is below 100: Tributary polls a source at most every 100 ms");
            }
            source.put("poll-interval", ms + "ms");
            if (ms >= Duration.ofMinutes(1).toMillis()) {
                p.notice("poll.interval.ms = " + ms + " (" + Duration.ofMillis(ms) + ") holds across the schedule's"
                        + " invocations too: a scheduled invocation skips the source until that long after its last"
                        + " poll, which the state table keeps (a manual invoke polls it at once)");
            }
        });
        p.number("batch.max.rows").ifPresent(rows -> {
            if (rows < 1 || rows > 1_000_000) {
                throw p.error("batch.max.rows", "must be from 1 to 1,000,000");
            }
            source.put("batch-max-rows", rows);
        });
        p.number("timestamp.delay.interval.ms").ifPresent(ms -> source.put("timestamp-delay", ms + "ms"));
        if (!timestamps) {
            p.ignore("timestamp.initial", "only the timestamp modes use it");
            return;
        }
        p.number("timestamp.initial").ifPresent(initial -> {
            if (initial == -1) {
                source.put("initial-timestamp", "now");
            } else if (initial >= 0) {
                source.put("initial-timestamp", Instant.ofEpochMilli(initial).toString());
            } else {
                throw p.error("timestamp.initial", "must be -1 (the current time) or epoch milliseconds");
            }
        });
    }

    private static void topics(ConnectorProperties p, ObjectNode pipeline) {
        Optional<Long> partitions = p.number("topic.creation.default.partitions");
        Optional<Long> replication = p.number("topic.creation.default.replication.factor");
        if (partitions.isPresent() || replication.isPresent()) {
            ObjectNode kafka = pipeline.putObject("kafka");
            partitions.ifPresent(n -> kafka.put("topic-partitions", n));
            replication.ifPresent(n -> kafka.put("topic-replication-factor", n));
        }
        p.ignore(
                "topic.creation.groups",
                "topics the poller creates all take kafka.topic-partitions and" + " kafka.topic-replication-factor");
        p.ignorePrefix("topic.creation.", "topics the poller creates take the broker's other defaults");
    }

    private static void ignored(ConnectorProperties p) {
        p.ignore(
                "tasks.max",
                "one invocation polls every source it holds the lease of; Lambda's concurrency and"
                        + " the leases stand in for tasks");
        p.ignore(
                "table.poll.interval.ms",
                "tables are resolved when the function starts, and again when a table's" + " columns change");
        p.ignore("table.monitoring.startup.polling.limit.ms", "tables are resolved when the function starts");
        for (String key :
                List.of("connection.attempts", "connection.backoff.ms", "query.retry.attempts", "retry.backoff.ms")) {
            p.ignore(key, "a failed poll leaves the source's mark where it was, and the next poll retries it");
        }
        p.ignore(
                "transaction.isolation.mode",
                "the poller's in-flight guard, not the isolation level, keeps rows"
                        + " committed late from being skipped");
        p.ignore("incrementing.relaxed.monotonic", "incrementing columns are read in order with a mark per batch");
        p.ignorePrefix("errors.", "a row that cannot become a record goes to kafka.dead-letter-topic with its reason");
        p.ignorePrefix("producer.override.", "the producer's settings are the pipeline's kafka section");
        p.ignorePrefix("admin.override.", "the poller's admin client takes the pipeline's kafka section");
        p.ignorePrefix("consumer.override.", "a source connector has no consumer");
        p.ignore(
                "exactly.once.support",
                "the poller's producer is idempotent, and marks move only after Kafka" + " acknowledges");
        p.ignore("transaction.boundary", "the poller's producer is idempotent and not transactional");
        p.ignore("offsets.storage.topic", "positions are kept in the DynamoDB state table");
        p.ignore("config.action.reload", "configuration is read when the function starts");
        p.ignorePrefix("confluent.", "Confluent Platform licensing does not apply");
    }

    /**
     * A table list given by its older name (table names) or its newer one (regular expressions over qualified
     * names, which become {@code ~regex} patterns); not both.
     */
    private static List<String> either(ConnectorProperties p, String names, String regexes) {
        List<String> values = p.list(names);
        List<String> expressions = p.list(regexes);
        if (!values.isEmpty() && !expressions.isEmpty()) {
            throw p.error(regexes, "cannot be set together with " + names + ", which it replaces");
        }
        return values.isEmpty() ? expressions.stream().map(e -> "~" + e).toList() : values;
    }

    /** Kafka Connect's table.types (default TABLE) as the source's table-types. */
    private static ArrayNode tableTypes(ConnectorProperties p) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        for (String type : p.find("table.types").map(t -> List.of(t.split(","))).orElse(List.of("TABLE"))) {
            // JDBC's names (MATERIALIZED VIEW) are table-types' (materialized-view) in upper case with spaces.
            String tableType = type.trim().toLowerCase(Locale.ROOT).replace(' ', '-');
            if (!SourceConfig.TABLE_TYPES.contains(tableType)) {
                List<String> jdbcNames = SourceConfig.TABLE_TYPES.stream()
                        .map(name -> name.toUpperCase(Locale.ROOT).replace('-', ' '))
                        .toList();
                throw p.error(
                        "table.types",
                        "lists " + type.trim() + ", which is not "
                                + String.join(", ", jdbcNames.subList(0, jdbcNames.size() - 1)) + " or "
                                + jdbcNames.get(jdbcNames.size() - 1));
            }
            types.add(tableType);
        }
        return types;
    }

    /**
     * A table name of a white- or blacklist within the schema pattern, as schema.table. Kafka Connect compares the
     * names exactly, so the table's name is quoted (a quoted part matches exactly, where an unquoted one matches
     * as PostgreSQL folds names); so is a schema named in the entry.
     */
    private static String qualified(String table, String schema) {
        if (table.startsWith("~")) {
            return table;
        }
        List<String> parts = new ArrayList<>(List.of(table.split("\\.")));
        if (parts.size() >= 2) {
            return quoted(parts.get(parts.size() - 2)) + "." + quoted(parts.get(parts.size() - 1));
        }
        return schema + "." + quoted(table);
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A JDBC metadata pattern ({@code %} any run of characters) as a table pattern ({@code *}). */
    private static String pattern(String jdbcPattern) {
        return jdbcPattern.replace('%', '*');
    }
}
