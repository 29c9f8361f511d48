package dev.tributary.core.connect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Confluent's JDBC source connector ({@code io.confluent.connect.jdbc.JdbcSourceConnector}) as a pipeline source,
 * with Kafka Connect's semantics: the same topics ({@code topic.prefix} + table, or {@code topic.prefix} alone for a
 * query), records without a key unless transforms make one, and its defaults where they differ from Tributary's.
 */
final class JdbcSourceTranslator {

    static final List<String> CLASSES = List.of("io.confluent.connect.jdbc.JdbcSourceConnector",
            "JdbcSourceConnector", "JdbcSource");

    private static final Pattern POSTGRES_URL = Pattern.compile("jdbc:postgresql:.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SSL_MODE = Pattern.compile("[?&]sslmode=([a-z-]+)", Pattern.CASE_INSENSITIVE);
    private static final List<String> MODES = List.of("bulk", "incrementing", "timestamp", "timestamp+incrementing");

    private JdbcSourceTranslator() {
    }

    static Translation translate(ConnectorConfig connector, Map<String, String> environment) {
        ConnectorProperties p = new ConnectorProperties(connector, environment);
        p.find(ConnectorConfig.CONNECTOR_CLASS);
        p.find("name");
        ObjectNode pipeline = JsonNodeFactory.instance.objectNode();
        database(p, pipeline.putObject("database"), environment);
        ObjectNode source = pipeline.putArray("sources").addObject();
        source.put("name", connector.name());
        capture(p, source);
        timing(p, source, source.path("mode").asText().startsWith("timestamp"));
        topics(p, pipeline);
        ArrayNode transforms = ConnectTransforms.of(p);
        if (!transforms.isEmpty()) {
            source.set("transforms", transforms);
        }
        ignored(p);
        p.reportUnknown("JdbcSourceConnector");
        return new Translation(pipeline, WorkerDefaults.source(), p.notices());
    }

    private static void database(ConnectorProperties p, ObjectNode database, Map<String, String> environment) {
        String url = p.required("connection.url", "the JDBC URL of the PostgreSQL database to capture");
        if (!POSTGRES_URL.matcher(url).matches()) {
            throw p.error("connection.url", "is not supported because Tributary captures PostgreSQL only"
                    + " (jdbc:postgresql://host:port/database)");
        }
        String replacement = environment.getOrDefault("TRIBUTARY_DB_JDBC_URL", "");
        if (!replacement.isBlank()) {
            // Local mode points the connectors at its own database.
            p.notice("connection.url is replaced by " + replacement + " (TRIBUTARY_DB_JDBC_URL)");
            database.put("jdbc-url", replacement);
        } else {
            database.put("jdbc-url", url);
            Matcher ssl = SSL_MODE.matcher(url);
            if (ssl.find()) {
                // The URL's sslmode is what the driver uses; the pipeline says the same, so nothing contradicts it.
                database.put("ssl-mode", ssl.group(1).toLowerCase(Locale.ROOT));
            }
        }
        String secret = environment.getOrDefault("TRIBUTARY_DB_SECRET_ID", "");
        if (!secret.isBlank()) {
            p.ignore("connection.user", "the credentials come from Secrets Manager secret " + secret
                    + " (TRIBUTARY_DB_SECRET_ID)");
            p.ignore("connection.password", "the credentials come from Secrets Manager secret " + secret
                    + " (TRIBUTARY_DB_SECRET_ID)");
        } else {
            p.find("connection.user").ifPresent(user -> database.put("username", user));
            p.find("connection.password").ifPresent(password -> database.put("password", password));
        }
        p.find("db.timezone").ifPresent(zone -> database.put("timezone", zone));
        p.find("dialect.name").ifPresent(dialect -> {
            if (!dialect.equals("PostgreSqlDatabaseDialect")) {
                throw p.error("dialect.name", "is not supported because Tributary captures PostgreSQL only"
                        + " (PostgreSqlDatabaseDialect)");
            }
        });
    }

    private static void capture(ConnectorProperties p, ObjectNode source) {
        String mode = p.required("mode", "one of " + String.join(", ", MODES));
        if (!MODES.contains(mode)) {
            throw p.error("mode", "is not supported: it must be one of " + String.join(", ", MODES));
        }
        Optional<String> query = p.find("query");
        List<String> whitelist = first(p, "table.whitelist", "table.include.list");
        List<String> blacklist = first(p, "table.blacklist", "table.exclude.list");
        Optional<String> schemaPattern = p.find("schema.pattern");
        p.ignore("catalog.pattern", "PostgreSQL's driver ignores the catalog: the database of connection.url is"
                + " captured (schema.pattern chooses schemas)");
        String prefix = p.get("topic.prefix", "");
        if (query.isPresent()) {
            if (!whitelist.isEmpty() || !blacklist.isEmpty()) {
                throw p.error("query", "cannot be combined with table.whitelist or table.blacklist: a connector"
                        + " captures either a query or tables");
            }
            if (prefix.isEmpty()) {
                throw p.error("topic.prefix", "is required with query: it is the query's topic");
            }
            source.put("query", query.get());
            source.put("topic", prefix);
        } else {
            String schema = schemaPattern.map(JdbcSourceTranslator::pattern).orElse("*");
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
        String nativeMode = mode;
        if (mode.startsWith("timestamp")) {
            if (timestampColumns.isEmpty()) {
                throw p.error("timestamp.column.name", "is required in mode " + mode);
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
        if (mode.contains("incrementing")) {
            incrementing.ifPresent(column -> source.put("incrementing-column", column));
        } else if (incrementing.isPresent()) {
            if (mode.equals("timestamp")) {
                // Kafka Connect ignores it in this mode; here it breaks ties between rows with the same change time,
                // so none is skipped or read twice at a batch boundary.
                nativeMode = "timestamp+incrementing";
                source.put("incrementing-column", incrementing.get());
                p.notice("incrementing.column.name " + incrementing.get() + " breaks ties between rows with the same"
                        + " change time (mode timestamp+incrementing); the rows captured are those of mode timestamp");
            } else {
                p.ignore("incrementing.column.name", "mode " + mode + " does not use it");
            }
        }
        source.put("mode", nativeMode);
        // Kafka Connect's JDBC source produces records without a key; transforms (ValueToKey) may make one.
        source.put("record-key", "none");
        p.find("validate.non.null").ifPresent(v -> source.put("validate-non-null", Boolean.parseBoolean(v)));
        String numeric = p.find("numeric.mapping").orElseGet(() -> p.bool("numeric.precision.mapping")
                .filter(Boolean::booleanValue).map(b -> "precision_only").orElse("none"));
        source.put("numeric-mapping", numeric);
        p.find("timestamp.granularity").ifPresent(granularity -> {
            if (!granularity.equals("connect_logical")) {
                throw p.error("timestamp.granularity", "is not supported: Tributary writes timestamps as Kafka"
                        + " Connect's Timestamp logical type (connect_logical), with microseconds kept");
            }
        });
        p.find("quote.sql.identifiers").ifPresent(quote -> {
            if (!quote.equals("always")) {
                p.notice("quote.sql.identifiers " + quote + " is not followed: Tributary always quotes identifiers,"
                        + " so names are matched exactly as the catalog spells them");
            }
        });
        p.find("table.types").ifPresent(types -> {
            if (!types.equalsIgnoreCase("TABLE")) {
                p.notice("table.types " + types + ": tables, views and materialized views that table.whitelist"
                        + " names are all captured");
            }
        });
    }

    private static void timing(ConnectorProperties p, ObjectNode source, boolean timestamps) {
        p.number("poll.interval.ms").ifPresent(ms -> source.put("poll-interval", ms + "ms"));
        p.number("batch.max.rows").ifPresent(rows -> source.put("batch-max-rows", rows));
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
        p.ignore("topic.creation.groups", "topics the poller creates all take kafka.topic-partitions and"
                + " kafka.topic-replication-factor");
        p.ignorePrefix("topic.creation.", "topics the poller creates take the broker's other defaults");
    }

    private static void ignored(ConnectorProperties p) {
        p.ignore("tasks.max", "one invocation polls every source it holds the lease of; Lambda's concurrency and"
                + " the leases stand in for tasks");
        p.ignore("table.poll.interval.ms", "tables are resolved when the function starts, and again when a table's"
                + " columns change");
        p.ignore("table.monitoring.startup.polling.limit.ms", "tables are resolved when the function starts");
        for (String key : List.of("connection.attempts", "connection.backoff.ms", "query.retry.attempts",
                "retry.backoff.ms")) {
            p.ignore(key, "a failed poll leaves the source's mark where it was, and the next poll retries it");
        }
        p.ignore("transaction.isolation.mode", "the poller's in-flight guard, not the isolation level, keeps rows"
                + " committed late from being skipped");
        p.ignore("incrementing.relaxed.monotonic", "incrementing columns are read in order with a mark per batch");
        for (String key : List.of("key.converter", "value.converter", "header.converter")) {
            p.ignore(key, "records are written as Kafka Connect's JsonConverter writes them, with schemas");
        }
        p.ignorePrefix("key.converter.", "records are written as Kafka Connect's JsonConverter writes them");
        p.ignorePrefix("value.converter.", "records are written as Kafka Connect's JsonConverter writes them");
        p.ignorePrefix("header.converter.", "headers are written as strings");
        p.ignorePrefix("errors.", "a row that cannot become a record goes to kafka.dead-letter-topic with its reason");
        p.ignorePrefix("producer.override.", "the producer's settings are the pipeline's kafka section");
        p.ignorePrefix("admin.override.", "the poller's admin client takes the pipeline's kafka section");
        p.ignorePrefix("consumer.override.", "a source connector has no consumer");
        p.ignore("exactly.once.support", "the poller's producer is idempotent, and marks move only after Kafka"
                + " acknowledges");
        p.ignore("transaction.boundary", "the poller's producer is idempotent and not transactional");
        p.ignore("offsets.storage.topic", "positions are kept in the DynamoDB state table");
        p.ignore("config.action.reload", "configuration is read when the function starts");
        p.ignorePrefix("confluent.", "Confluent Platform licensing does not apply");
    }

    /** The first of two equivalent properties that is set (the old name and the new). */
    private static List<String> first(ConnectorProperties p, String key, String alias) {
        List<String> values = p.list(key);
        List<String> aliasValues = p.list(alias);
        if (!values.isEmpty() && !aliasValues.isEmpty()) {
            throw p.error(alias, "cannot be set together with " + key + ", which means the same");
        }
        return values.isEmpty() ? aliasValues : values;
    }

    /** A table name of a white- or blacklist within the schema pattern, as schema.table. */
    private static String qualified(String table, String schema) {
        List<String> parts = new ArrayList<>(List.of(table.split("\\.")));
        if (parts.size() >= 2) {
            return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
        }
        return schema + "." + table;
    }

    /** A JDBC metadata pattern ({@code %} any run of characters) as a table pattern ({@code *}). */
    private static String pattern(String jdbcPattern) {
        return jdbcPattern.replace('%', '*');
    }
}
