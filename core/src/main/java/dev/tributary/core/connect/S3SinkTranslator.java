package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.core.pipeline.SinkConfig.Format;
import dev.tributary.core.pipeline.SinkConfig.JsonDecimalFormat;
import dev.tributary.core.pipeline.SinkConfig.JsonStyle;
import dev.tributary.core.pipeline.SinkConfig.NullValues;
import dev.tributary.core.pipeline.SinkConfig.PartitionerKind;
import dev.tributary.core.pipeline.SinkConfig.TimestampSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Confluent's S3 sink connector ({@code io.confluent.connect.s3.S3SinkConnector}) as a pipeline sink, with Kafka
 * Connect's semantics: the same object names and partition paths, record values only (no metadata columns),
 * partition fields kept inside the objects, and its defaults where they differ from Tributary's.
 */
final class S3SinkTranslator {

    static final List<String> CLASSES = List.of("io.confluent.connect.s3.S3SinkConnector", "S3SinkConnector", "S3Sink");

    private static final String PARTITIONERS = "io.confluent.connect.storage.partitioner.";
    /** The properties each setting of the translated sink may come from, first the likeliest. */
    private static final Map<String, List<String>> ORIGINS = SettingOrigins.table("""
            name:                name
            topics:              topics
            topics-regex:        topics.regex
            bucket:              s3.bucket.name
            topics-dir:          topics.dir
            format:              format.class
            compression:         parquet.codec, s3.compression.type, format.class
            json-decimal-format: json.decimal.format
            partitioner:         partitioner.class
            partition-fields:    partition.field.name
            path-format:         path.format, partitioner.class
            partition-duration:  partition.duration.ms, partitioner.class
            locale:              locale
            timezone:            timezone
            timestamp-source:    timestamp.extractor
            timestamp-field:     timestamp.field
            null-values:         behavior.on.null.values
            table-name:          table.name.format
            """);
    /** Lambda's most records per batch of a Kafka event source mapping (template parameter SinkBatchSize). */
    static final long MOST_RECORDS = 10_000;
    /** Lambda's longest batching window, in seconds (template parameter SinkBatchingWindowSeconds). */
    static final long MOST_WINDOW_SECONDS = 300;

    private S3SinkTranslator() {}

    static Translation translate(ConnectorConfig connector, Map<String, String> environment) {
        return Translation.of(
                connector,
                environment,
                "S3SinkConnector",
                WorkerDefaults.sink(),
                ORIGINS,
                (p, pipeline) -> fill(p, pipeline, connector));
    }

    private static void fill(ConnectorProperties p, ObjectNode pipeline, ConnectorConfig connector) {
        ObjectNode sink = pipeline.putArray("sinks").addObject();
        sink.put("name", connector.name());
        // Each part refuses what it cannot run and the next runs still, so that one run reports every problem.
        p.attempt(() -> topics(p, sink));
        p.attempt(() -> sink.put("bucket", p.required("s3.bucket.name", "the bucket the objects are written to")));
        p.attempt(() -> {
            String topicsDir = p.get("topics.dir", "topics");
            if (topicsDir.startsWith("/") || topicsDir.endsWith("/")) {
                throw p.error("topics.dir", "must not start or end with /: object keys are <topics.dir>/<topic>/…");
            }
            sink.put("topics-dir", topicsDir);
        });
        p.attempt(() -> format(p, sink));
        p.attempt(() -> partitioner(p, sink));
        p.attempt(() -> p.find("table.name.format").ifPresent(format -> sink.put("table-name", format)));
        p.attempt(() -> {
            String nulls = p.get("behavior.on.null.values", NullValues.FAIL.configValue())
                    .toLowerCase(Locale.ROOT);
            if (ConfigEnum.withValue(NullValues.class, nulls).isEmpty()) {
                throw p.error("behavior.on.null.values", "must be fail, ignore or write");
            }
            sink.put("null-values", nulls);
        });
        // Kafka Connect writes the record value alone, and keeps partition fields inside the objects.
        sink.put("metadata-columns", false);
        sink.put("keep-partition-fields", true);
        p.attempt(() -> layout(p));
        p.attempt(() -> ConnectTransforms.into(p, sink));
        // The objects hold values alone, and no Apache Kafka transform copies a key into a value: the key
        // converter matters only to transforms that read keys (the $Key ones).
        p.attempt(() -> ConnectConverters.sink(
                p,
                p.list("transforms").stream()
                        .anyMatch(alias -> p.peek("transforms." + alias + ".type")
                                .orElse("")
                                .endsWith("$Key"))));
        p.attempt(() -> batching(p));
        p.attempt(() -> ignored(p));
    }

    private static void topics(ConnectorProperties p, ObjectNode sink) {
        List<String> topics = p.list("topics");
        Optional<String> regex = p.find("topics.regex");
        if (topics.isEmpty() == regex.isEmpty()) {
            throw p.error(
                    topics.isEmpty() ? "topics" : "topics.regex",
                    topics.isEmpty()
                            ? "is missing: set topics or topics.regex"
                            : "cannot be set together with topics.regex");
        }
        if (regex.isPresent()) {
            sink.put("topics-regex", regex.get());
        } else {
            ArrayNode list = sink.putArray("topics");
            topics.forEach(list::add);
        }
    }

    private static void format(ConnectorProperties p, ObjectNode sink) {
        String format = p.required(
                "format.class",
                "io.confluent.connect.s3.format.json.JsonFormat or"
                        + " io.confluent.connect.s3.format.parquet.ParquetFormat");
        String simple = format.substring(format.lastIndexOf('.') + 1);
        switch (simple) {
            case "JsonFormat" -> {
                sink.put("format", Format.JSON.configValue());
                String compression = p.get("s3.compression.type", Compression.NONE.configValue())
                        .toLowerCase(Locale.ROOT);
                if (!compression.equals(Compression.NONE.configValue())
                        && !compression.equals(Compression.GZIP.configValue())) {
                    throw p.error(
                            "s3.compression.type", "is not supported: JSON objects are written with none or" + " gzip");
                }
                sink.put("compression", compression);
                // Values as Kafka Connect's JsonFormat writes them: epoch milliseconds, base64 decimals.
                sink.put("json-style", JsonStyle.KAFKA_CONNECT.configValue());
                // Kafka Connect's json.decimal.format names the constants in upper case.
                String decimals = p.get("json.decimal.format", JsonDecimalFormat.BASE64.name());
                if (ConfigEnum.withValue(JsonDecimalFormat.class, decimals.toLowerCase(Locale.ROOT))
                        .isEmpty()) {
                    throw p.error("json.decimal.format", "must be BASE64 or NUMERIC");
                }
                sink.put("json-decimal-format", decimals.toLowerCase(Locale.ROOT));
                p.ignore("parquet.codec", "the format is JSON");
            }
            case "ParquetFormat" -> {
                sink.put("format", Format.PARQUET.configValue());
                // Parquet's codec names, with its UNCOMPRESSED for none.
                String written =
                        p.get("parquet.codec", Compression.SNAPPY.configValue()).toLowerCase(Locale.ROOT);
                String codec = written.equals("uncompressed") ? Compression.NONE.configValue() : written;
                if (ConfigEnum.withValue(Compression.class, codec).isEmpty()) {
                    throw p.error(
                            "parquet.codec",
                            "is not supported: Parquet is written with none, snappy, gzip or" + " zstd");
                }
                sink.put("compression", codec);
                p.ignore("s3.compression.type", "Parquet objects are compressed by parquet.codec");
            }
            case "AvroFormat" ->
                throw p.error(
                        "format.class",
                        "is not supported because Tributary writes Parquet"
                                + " (ParquetFormat) or JSON (JsonFormat) objects, not Avro container files: use"
                                + " io.confluent.connect.s3.format.parquet.ParquetFormat for typed, compressed objects that"
                                + " Athena reads with the same schema");
            default ->
                throw p.error(
                        "format.class",
                        "is not supported because Tributary writes Parquet"
                                + " (ParquetFormat) or JSON (JsonFormat) objects");
        }
        p.ignore("s3.compression.level", "the codec's default level is used");
        p.ignore("avro.codec", "the format is not Avro");
        p.ignore("json.decimal.format", "the format is Parquet, whose decimals are a logical type");
    }

    private static void partitioner(ConnectorProperties p, ObjectNode sink) {
        String partitioner = p.get("partitioner.class", PARTITIONERS + "DefaultPartitioner");
        String simple = partitioner.startsWith(PARTITIONERS)
                ? partitioner.substring(PARTITIONERS.length())
                : partitioner.contains(".") ? "" : partitioner;
        switch (simple) {
            case "DefaultPartitioner" -> sink.put("partitioner", PartitionerKind.DEFAULT.configValue());
            case "FieldPartitioner" -> {
                sink.put("partitioner", PartitionerKind.FIELD.configValue());
                List<String> fields = p.list("partition.field.name");
                if (fields.isEmpty()) {
                    throw p.error("partition.field.name", "is required by FieldPartitioner");
                }
                ArrayNode list = sink.putArray("partition-fields");
                fields.forEach(list::add);
            }
            case "TimeBasedPartitioner" -> {
                sink.put("partitioner", PartitionerKind.TIME.configValue());
                sink.put(
                        "path-format",
                        p.required(
                                "path.format",
                                "TimeBasedPartitioner needs the path's format,"
                                        + " such as 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH"));
                long duration = p.number("partition.duration.ms")
                        .orElseThrow(() -> p.error(
                                "partition.duration.ms",
                                "is missing: TimeBasedPartitioner needs the partitions' duration"));
                sink.put("partition-duration", duration + "ms");
                time(p, sink);
            }
            case "DailyPartitioner" -> {
                sink.put("partitioner", PartitionerKind.TIME.configValue());
                sink.put("path-format", "'year'=YYYY/'month'=MM/'day'=dd");
                sink.put("partition-duration", "1d");
                time(p, sink);
            }
            case "HourlyPartitioner" -> {
                sink.put("partitioner", PartitionerKind.TIME.configValue());
                sink.put("path-format", "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH");
                sink.put("partition-duration", "1h");
                time(p, sink);
            }
            default ->
                throw p.error(
                        "partitioner.class",
                        "is not supported: Tributary partitions as"
                                + " DefaultPartitioner, FieldPartitioner, TimeBasedPartitioner, DailyPartitioner and"
                                + " HourlyPartitioner do (" + PARTITIONERS + "…)");
        }
        if (!simple.equals("FieldPartitioner")) {
            p.ignore("partition.field.name", "only FieldPartitioner uses it");
        }
        if (!simple.equals("TimeBasedPartitioner")) {
            p.ignore("path.format", "only TimeBasedPartitioner uses it");
            p.ignore("partition.duration.ms", "only TimeBasedPartitioner uses it");
        }
        if (!sink.path("partitioner").asText().equals(PartitionerKind.TIME.configValue())) {
            for (String key : List.of("locale", "timezone", "timestamp.extractor", "timestamp.field")) {
                p.ignore(key, "only the time-based partitioners use it");
            }
        }
    }

    private static void time(ConnectorProperties p, ObjectNode sink) {
        p.find("locale").ifPresent(locale -> sink.put("locale", locale.replace('_', '-')));
        p.find("timezone").ifPresent(zone -> sink.put("timezone", zone));
        String written = p.get("timestamp.extractor", "Wallclock");
        // The short names, or the extractor classes (TimeBasedPartitioner$RecordFieldTimestampExtractor, …).
        String extractor = written.endsWith("RecordFieldTimestampExtractor")
                ? "RecordField"
                : written.endsWith("$RecordTimestampExtractor")
                        ? "Record"
                        : written.endsWith("$WallclockTimestampExtractor") ? "Wallclock" : written;
        switch (extractor) {
            case "Wallclock" -> sink.put("timestamp-source", TimestampSource.WALLCLOCK.configValue());
            case "Record" -> sink.put("timestamp-source", TimestampSource.RECORD.configValue());
            case "RecordField" -> {
                sink.put("timestamp-source", TimestampSource.RECORD_FIELD.configValue());
                sink.put("timestamp-field", p.get("timestamp.field", "timestamp"));
            }
            default ->
                throw p.error(
                        "timestamp.extractor", "is not supported: it must be Wallclock, Record or" + " RecordField");
        }
        if (!extractor.equals("RecordField")) {
            p.ignore("timestamp.field", "only timestamp.extractor RecordField uses it");
        }
    }

    /** Settings that change object names or contents in ways Tributary does not: only their defaults are accepted. */
    private static void layout(ConnectorProperties p) {
        p.peek("storage.class").ifPresent(storage -> {
            if (!storage.endsWith("S3Storage")) {
                throw p.error(
                        "storage.class",
                        "is not supported: Tributary writes to S3" + " (io.confluent.connect.s3.storage.S3Storage)");
            }
        });
        expect(p, "directory.delim", "/", "object keys are <topics.dir>/<topic>/<partition path>/");
        expect(p, "file.delim", "+", "object names are <topic>+<partition>+<start offset>");
        expect(p, "filename.offset.zero.pad.width", "10", "start offsets are padded to 10 digits");
        refuseAny(
                p,
                List.of("store.kafka.keys", "store.kafka.headers"),
                key -> p.bool(key).orElse(false),
                "is not supported: Tributary writes record values; with metadata-columns in a native pipeline,"
                        + " keys and positions become columns instead");
        p.ignore("keys.format.class", "record keys are not stored in separate objects");
        p.ignore("headers.format.class", "record headers are not stored in separate objects");
    }

    /** Refuses the first of the keys that {@code set} finds set, with the same problem for each. */
    private static void refuseAny(ConnectorProperties p, List<String> keys, Predicate<String> set, String problem) {
        for (String key : keys) {
            if (set.test(key)) {
                throw p.error(key, problem);
            }
        }
    }

    private static void expect(ConnectorProperties p, String key, String expected, String why) {
        p.find(key).ifPresent(value -> {
            if (!value.equals(expected)) {
                throw p.error(key, "is not supported: only " + expected + " is (" + why + ")");
            }
        });
    }

    /**
     * Kafka Connect's object sizes and rotation as the template parameters that stand in for them: Lambda invokes
     * the sink with the event source mapping's batches, and each batch is one object set.
     */
    private static void batching(ConnectorProperties p) {
        p.number("flush.size")
                .ifPresent(records -> p.notice("flush.size = " + records + " has no effect here: set"
                        + " the template parameter SinkBatchSize="
                        + Math.min(Math.max(records, 1), MOST_RECORDS)
                        + (records > MOST_RECORDS
                                ? " (" + records
                                        + " is beyond Lambda's most, " + MOST_RECORDS
                                        + " records a batch; larger objects need Iceberg"
                                        + " compaction, format iceberg)"
                                : "")
                        + ", the most records in one object set"));
        for (String key : List.of("rotate.interval.ms", "rotate.schedule.interval.ms")) {
            p.number(key).ifPresent(ms -> {
                long seconds = Math.max(0, (ms + 999) / 1000);
                p.notice(key + " = " + ms + " has no effect here: set the template parameter"
                        + " SinkBatchingWindowSeconds=" + Math.min(seconds, MOST_WINDOW_SECONDS)
                        + (seconds > MOST_WINDOW_SECONDS
                                ? " (" + seconds + " s is beyond Lambda's longest batching" + " window, "
                                        + MOST_WINDOW_SECONDS + " s)"
                                : "")
                        + ", how long the event source mapping"
                        + " gathers records before it invokes the sink"
                        + (key.startsWith("rotate.schedule") ? " (by the batch's arrival, not the wall clock)" : ""));
            });
        }
    }

    private static void ignored(ConnectorProperties p) {
        p.ignore("tasks.max", "Lambda invokes the sink once per batch of each topic partition");
        p.ignore("s3.region", "the bucket is reached in the function's region");
        for (String key : List.of(
                "s3.part.size",
                "s3.part.retries",
                "s3.retry.backoff.ms",
                "retry.backoff.ms",
                "s3.http.send.expect.continue",
                "s3.wan.mode",
                "s3.path.style.access.enabled")) {
            p.ignore(
                    key,
                    "objects are written whole with one request each, retried by the AWS SDK, and a failed batch"
                            + " is retried by the event source mapping");
        }
        p.ignore(
                "schema.compatibility",
                "a batch whose records change schema is written with the merged schema"
                        + " (or one object per schema); records are never projected to another schema");
        p.ignore("schema.generator.class", "the objects' schema comes from the records");
        p.ignore("storage.class", "objects are written to S3");
        p.find("s3.ssea.name").ifPresent(algorithm -> {
            if (!algorithm.equalsIgnoreCase("AES256")) {
                throw p.error(
                        "s3.ssea.name",
                        "is not supported: objects take the bucket's default encryption (the"
                                + " template's lake bucket: SSE-S3, AES256); for SSE-KMS make KMS the bucket's default");
            }
        });
        refuseAny(
                p,
                List.of("s3.sse.kms.key.id", "s3.sse.customer.key", "s3.sse.customer.algorithm"),
                key -> p.find(key).isPresent(),
                "is not supported: objects take the bucket's default encryption; make the key the lake bucket's"
                        + " default instead");
        p.ignore("s3.acl.canned", "the lake bucket enforces bucket-owner ownership; ACLs do not apply");
        p.ignore("s3.object.tagging", "objects are not tagged");
        p.ignore("store.url", "the S3 endpoint is the AWS SDK's (AWS_ENDPOINT_URL_S3 overrides it)");
        p.ignorePrefix("s3.credentials.provider.", "credentials come from the function's role");
        p.ignorePrefix("s3.proxy.", "the function reaches S3 directly or through a VPC endpoint");
        for (String key : List.of("aws.access.key.id", "aws.secret.access.key")) {
            p.ignore(key, "credentials come from the function's role; remove keys from connector files");
        }
        p.ignorePrefix("errors.", "a record that cannot be written goes to the dead-letter prefix with its reason");
        p.ignorePrefix("consumer.override.", "the event source mapping consumes the topics");
        p.ignore("report.null.values.to.header", "null values follow behavior.on.null.values");
        p.ignore("enhanced.avro.schema.support", "the format is not Avro");
        p.ignore("connect.meta.data", "the format is not Avro");
        p.ignorePrefix("hive.", "the catalog function keeps the Glue tables");
        p.ignorePrefix("confluent.", "Confluent Platform licensing does not apply");
    }
}
