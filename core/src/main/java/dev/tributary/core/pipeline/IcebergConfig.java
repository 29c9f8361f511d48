package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigEnum;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a sink of format iceberg keeps its tables: one Apache Iceberg table (format version 2) per topic, in the Glue
 * database of the catalog, with every version (append) or the current row per key (upsert).
 *
 * @param mode append every version, or keep the current row per key
 * @param keyFields the columns an upsert table is keyed by; empty: the record key's fields
 * @param warehouse where new tables' files go, {@code s3://bucket/prefix}; empty: {@code s3://<bucket>/iceberg}
 * @param targetFileSize the data files' target size in bytes
 * @param snapshotRetention how long maintenance keeps snapshots (time travel, redelivery bookkeeping)
 * @param orphanAge how old a file no snapshot references must be before maintenance deletes it
 * @param glueOptimizers the Glue managed table optimizers requested for each table the sink creates; empty when no
 *     role is given
 * @param optimizerRole the IAM role Glue's optimizers run as
 */
public record IcebergConfig(
        IcebergMode mode,
        List<String> keyFields,
        Optional<String> warehouse,
        long targetFileSize,
        Duration snapshotRetention,
        Duration orphanAge,
        List<String> glueOptimizers,
        Optional<String> optimizerRole) {

    /** The types of Glue's table optimizers. */
    public static final List<String> OPTIMIZER_TYPES = List.of("compaction", "retention", "orphan_file_deletion");

    public static final Setting<IcebergMode> MODE = Setting.choice("mode", IcebergMode.class)
            .defaultValue(IcebergMode.APPEND)
            .doc("What a topic's table holds.");
    public static final Setting<List<String>> KEY_FIELDS = Setting.list("key-fields")
            .defaultValue(List.of())
            .defaultDescribed("the record key's fields (a primitive key: the key column __key)")
            .doc("Mode upsert: the columns a row is identified by. A record whose key columns are null is refused"
                    + " to the dead letters.");
    public static final Setting<String> WAREHOUSE = Setting.string("warehouse")
            .validate(w -> w.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?"), "be an s3://bucket/prefix URI")
            .defaultDescribed("s3://<bucket>/iceberg")
            .doc("Where new tables' files go: <warehouse>/<database>.db/<table>/{data,metadata}.");
    public static final Setting<Integer> TARGET_FILE_SIZE_MB = Setting.integer("target-file-size-mb")
            .defaultValue(128)
            .validate(n -> n >= 1 && n <= 4096, "be between 1 and 4096")
            .doc("The target size of data files, in MiB; maintenance compacts smaller ones towards it.");
    public static final Setting<Duration> SNAPSHOT_RETENTION = Setting.duration("snapshot-retention")
            .defaultValue(Duration.ofHours(6))
            .atLeast(60_000)
            .doc("How long maintenance keeps old snapshots (time travel). Every sink invocation commits, and each"
                    + " snapshot kept makes the table's metadata file larger, which every commit and query reads: keep"
                    + " the snapshots under a few thousand (commits per hour per Kafka partition follow the mapping's"
                    + " batching window). The Kafka offsets that make redelivery exactly once are carried into the"
                    + " newest snapshot before any expires, so no retention loses them.");
    public static final Setting<Duration> ORPHAN_AGE = Setting.duration("orphan-age")
            .defaultValue(Duration.ofDays(3))
            .atLeast(3_600_000)
            .doc("How old a file of a table's location that no snapshot references (left by an invocation that"
                    + " failed before its commit) must be before maintenance deletes it.");

    public static final Setting<List<String>> GLUE_OPTIMIZERS = Setting.list("glue-optimizers")
            .defaultValue(List.of())
            .validate(
                    types -> OPTIMIZER_TYPES.containsAll(types),
                    "name Glue optimizer types: " + String.join(", ", OPTIMIZER_TYPES))
            .defaultDescribed("none")
            .doc("Glue's managed table optimizers the sink turns on (CreateTableOptimizer) for each table it creates,"
                    + " running as optimizer-role: compaction, retention (snapshot expiry, after snapshot-retention"
                    + " rounded up to days, plus a day), orphan_file_deletion (after orphan-age rounded up to days)."
                    + " The sink's scheduled maintenance still runs: it carries the Kafka offsets that make redelivery"
                    + " exactly once into a recent snapshot, and its compaction applies equality deletes.");
    public static final Setting<String> OPTIMIZER_ROLE = Setting.string("optimizer-role")
            .validate(
                    r -> r.isEmpty() || r.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+"),
                    "be an IAM role ARN, or empty for none")
            .defaultDescribed("none; required with glue-optimizers")
            .doc("The IAM role Glue's optimizers run as: the template's GlueOptimizerRole, passed to the sink as"
                    + " TRIBUTARY_ICEBERG_OPTIMIZER_ROLE (write ${env:TRIBUTARY_ICEBERG_OPTIMIZER_ROLE:-}). Empty: no"
                    + " optimizer is requested (IcebergGlueOptimizers DISABLED, or local mode).");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "sinks[].iceberg", "How a sink of format iceberg keeps its tables.")
            .add(
                    MODE,
                    KEY_FIELDS,
                    WAREHOUSE,
                    TARGET_FILE_SIZE_MB,
                    SNAPSHOT_RETENTION,
                    ORPHAN_AGE,
                    GLUE_OPTIMIZERS,
                    OPTIMIZER_ROLE)
            .build();

    static IcebergConfig from(ConfigObject config) {
        List<String> optimizers = config.get(GLUE_OPTIMIZERS);
        Optional<String> role = config.find(OPTIMIZER_ROLE);
        if (!optimizers.isEmpty() && role.isEmpty()) {
            throw new ConfigException("Invalid setting " + config.path(GLUE_OPTIMIZERS) + ": Glue's optimizers run as"
                    + " an IAM role; set " + config.path(OPTIMIZER_ROLE) + " (the template passes its GlueOptimizerRole"
                    + " as ${env:TRIBUTARY_ICEBERG_OPTIMIZER_ROLE}), or remove glue-optimizers");
        }
        // An explicitly empty role turns the optimizers off in this deployment.
        return new IcebergConfig(
                config.get(MODE),
                config.get(KEY_FIELDS),
                config.find(WAREHOUSE),
                config.get(TARGET_FILE_SIZE_MB) * 1024L * 1024L,
                config.get(SNAPSHOT_RETENTION),
                config.get(ORPHAN_AGE),
                role.filter(r -> !r.isEmpty()).isPresent() ? optimizers : List.of(),
                role.filter(r -> !r.isEmpty()));
    }

    /** Checked where the sink's format is known: iceberg settings on another format are refused. */
    static void refuseUnless(boolean iceberg, ConfigObject config) {
        if (iceberg) {
            return;
        }
        for (Setting<?> setting : GROUP.settings()) {
            if (config.isSet(setting)) {
                throw new ConfigException("Invalid setting " + config.path(setting) + ": iceberg settings are only"
                        + " used with format iceberg; set the sink's format to iceberg, or remove them");
            }
        }
    }

    /** The warehouse of a sink writing to {@code bucket}. */
    public String warehouseOf(String bucket) {
        return warehouse.orElse("s3://" + bucket + "/iceberg");
    }

    /** What an Iceberg table holds. */
    public enum IcebergMode implements ConfigEnum {
        APPEND("every version of every row, deletes as rows with __op = d: the topic's history"),
        UPSERT("the current row per key: a later version replaces the earlier one, a delete (a delete"
                + " record or a tombstone) removes it, by equality deletes Athena reads");

        IcebergMode(String description) {
            ConfigEnum.declare(this, description);
        }
    }
}
