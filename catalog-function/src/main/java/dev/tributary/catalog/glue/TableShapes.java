package dev.tributary.catalog.glue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Glue definitions of the lake's tables and partitions, and how a table's columns evolve. Pure: builds inputs for
 * the Glue API, calls nothing.
 */
public final class TableShapes {

    static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
    static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";
    /** Table parameter: the topic whose objects the table holds. */
    public static final String TOPIC = "tributary.topic";
    /**
     * Table parameter: a digest of the data columns that every partition of the table was given. When it differs
     * from the digest of the table's own columns, which an UpdateTable adding or widening columns leaves it, existing
     * partitions may still have older columns.
     */
    public static final String PARTITION_COLUMNS = "tributary.partition-columns";

    /** Integer and float widenings that Athena reads from the narrower Parquet type. */
    private static final Map<String, List<String>> WIDER = Map.of(
            "tinyint", List.of("smallint", "int", "bigint"),
            "smallint", List.of("int", "bigint"),
            "int", List.of("bigint"),
            "float", List.of("double"));

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
            "decimal\\((\\d+),(\\d+)\\)");

    private TableShapes() {
    }

    /**
     * An external table over a topic's objects: data columns (never a partition key among them), partition keys as
     * strings (the default partitioner's as int), the SerDe of its format, and the parameters crawlers set (classification, compression).
     */
    public static TableInput table(LakeObject object, List<Column> data, List<String> partitionKeys) {
        List<Column> columns = dataOnly(data, partitionKeys);
        return TableInput.builder()
                .name(object.table())
                .tableType("EXTERNAL_TABLE")
                .description("Topic " + object.key().topic() + ", written by Tributary's sink "
                        + object.sink().name())
                .parameters(parameters(object, columns))
                .partitionKeys(partitionKeys.stream().map(k -> glueColumn(new Column(k, partitionKeyType(k,
                        object.partitionValues().get(k))))).toList())
                .storageDescriptor(storage(object, columns, object.tableLocation().toString()))
                .build();
    }

    /**
     * A partition key's type: int for the default partitioner's {@code partition=<Kafka partition>}, as Athena users
     * declare it for Kafka Connect's S3 sink, so that {@code WHERE partition = 0} compares numbers; string otherwise.
     */
    public static String partitionKeyType(String key, String value) {
        return key.equals("partition") && value != null && value.matches("\\d{1,9}") ? "int" : "string";
    }

    /**
     * The table as it is, with other data columns. Its {@value #PARTITION_COLUMNS} stays as it was: the partitions
     * do not have these columns yet.
     */
    public static TableInput withColumns(software.amazon.awssdk.services.glue.model.Table table, List<Column> data) {
        StorageDescriptor storage = table.storageDescriptor().toBuilder()
                .columns(data.stream().map(TableShapes::glueColumn).toList()).build();
        return input(table, storage, table.parameters());
    }

    /** The table as it is, recording that its partitions have its columns. */
    public static TableInput withPartitionsCurrent(software.amazon.awssdk.services.glue.model.Table table) {
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.put(PARTITION_COLUMNS, digest(columns(table)));
        return input(table, table.storageDescriptor(), parameters);
    }

    /** Whether the table records that its partitions have its columns; a table without partition keys has none. */
    public static boolean partitionsCurrent(software.amazon.awssdk.services.glue.model.Table table) {
        return table.partitionKeys().isEmpty() || (table.hasParameters()
                && digest(columns(table)).equals(table.parameters().get(PARTITION_COLUMNS)));
    }

    private static TableInput input(software.amazon.awssdk.services.glue.model.Table table, StorageDescriptor storage,
            Map<String, String> parameters) {
        return TableInput.builder()
                .name(table.name())
                .description(table.description())
                .owner(table.owner())
                .tableType(table.tableType())
                .parameters(parameters)
                .partitionKeys(table.partitionKeys())
                .storageDescriptor(storage)
                .viewOriginalText(table.viewOriginalText())
                .viewExpandedText(table.viewExpandedText())
                .build();
    }

    /**
     * A partition of the table, at the object's partition path: the table's storage descriptor, its data columns
     * with it, and its parameters but {@value #PARTITION_COLUMNS}.
     */
    public static PartitionInput partition(software.amazon.awssdk.services.glue.model.Table table, LakeObject object,
            List<String> values) {
        StorageDescriptor storage = table.storageDescriptor().toBuilder()
                .location(object.partitionLocation().toString()).build();
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.remove(PARTITION_COLUMNS);
        return PartitionInput.builder().values(values).storageDescriptor(storage).parameters(parameters).build();
    }

    /**
     * The partition with the table's data columns, when it has an older version of them: columns the table appended
     * since, or types it widened since. Athena reads a partition with the partition's own columns, so without them a
     * JSON partition reads an added column as null and fails on a widened one (HIVE_PARTITION_SCHEMA_MISMATCH), and
     * a Parquet partition reads every file, newer ones too, as the partition's narrower types.
     *
     * @return the partition as it was but for its columns; empty when it has these columns already, or columns that
     *     are not an older version of them (newer ones, given by a concurrent invocation, or another writer's)
     */
    public static java.util.Optional<PartitionInput> withColumns(Partition partition, List<Column> data,
            boolean json) {
        List<Column> has = partition.storageDescriptor() == null ? List.of()
                : partition.storageDescriptor().columns().stream().map(c -> new Column(c.name(), c.type())).toList();
        if (has.equals(data) || !evolve(has, data, Set.of(), json).columns().equals(data)) {
            return java.util.Optional.empty();
        }
        StorageDescriptor.Builder storage = partition.storageDescriptor() == null ? StorageDescriptor.builder()
                : partition.storageDescriptor().toBuilder();
        return java.util.Optional.of(PartitionInput.builder()
                .values(partition.values())
                .storageDescriptor(storage.columns(data.stream().map(TableShapes::glueColumn).toList()).build())
                .parameters(partition.parameters())
                .lastAccessTime(partition.lastAccessTime())
                .lastAnalyzedTime(partition.lastAnalyzedTime())
                .build());
    }

    /** Whether the table is JSON text, read by the OpenX JSON SerDe. */
    public static boolean isJson(software.amazon.awssdk.services.glue.model.Table table) {
        StorageDescriptor storage = table.storageDescriptor();
        return storage != null && storage.serdeInfo() != null
                && JSON_SERDE.equals(storage.serdeInfo().serializationLibrary());
    }

    /** A digest of data columns, names and types in order. */
    static String digest(List<Column> columns) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Column column : columns) {
                sha.update((column.name() + " " + column.type() + "\n").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * How a table's columns take an object's: new columns appended at the end, none dropped or reordered, a type
     * widened where Athena still reads the older objects; any other type change is reported, not applied. An object
     * narrower than the table (an older object replayed) changes nothing.
     *
     * @param existing the table's data columns
     * @param incoming the object's columns
     * @param partitionKeys the table's partition keys, which never become data columns
     * @param json whether the table is JSON text, whose SerDe reads any value as a string and integers as doubles
     */
    public static Evolution evolve(List<Column> existing, List<Column> incoming, Set<String> partitionKeys,
            boolean json) {
        Map<String, Column> merged = new LinkedHashMap<>();
        existing.forEach(c -> merged.put(c.name(), c));
        List<String> added = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (Column column : incoming) {
            if (partitionKeys.contains(column.name())) {
                continue;
            }
            Column current = merged.get(column.name());
            if (current == null) {
                merged.put(column.name(), column);
                added.add(column.name());
            } else if (current.type().equals(column.type()) || reads(current.type(), column.type(), json)) {
                continue;
            } else if (reads(column.type(), current.type(), json)) {
                merged.put(column.name(), column);
                widened.add(column.name() + " " + current.type() + " -> " + column.type());
            } else {
                conflicts.add("column " + column.name() + " is " + current.type() + " in the table but "
                        + column.type() + " in the object; Athena cannot read one as the other, so the table keeps "
                        + current.type());
            }
        }
        return new Evolution(List.copyOf(merged.values()), added, widened, conflicts);
    }

    /**
     * Whether a column of type {@code wide} reads values written as {@code narrow}: the same type; an integer or
     * float widened; a decimal of the same scale and more digits (Trino's Parquet reader rescales decimals); a struct
     * whose fields begin with the narrow one's fields, each read in turn, so that fields appended at the end of a
     * struct at any depth, in an array or a map, read older objects with nulls in them.
     */
    private static boolean reads(String wide, String narrow, boolean json) {
        if (wide.equals(narrow) || WIDER.getOrDefault(narrow, List.of()).contains(wide)
                || isWiderDecimal(wide, narrow)) {
            return true;
        }
        if (wide.startsWith("struct<") && narrow.startsWith("struct<")) {
            String[] wideFields = PrestoTypes.splitTopLevel(PrestoTypes.inner(wide, "struct<"));
            String[] narrowFields = PrestoTypes.splitTopLevel(PrestoTypes.inner(narrow, "struct<"));
            if (narrowFields.length > wideFields.length) {
                return false;
            }
            for (int i = 0; i < narrowFields.length; i++) {
                int wideColon = wideFields[i].indexOf(':');
                int narrowColon = narrowFields[i].indexOf(':');
                if (!wideFields[i].substring(0, wideColon).equals(narrowFields[i].substring(0, narrowColon))
                        || !reads(wideFields[i].substring(wideColon + 1), narrowFields[i].substring(narrowColon + 1),
                                json)) {
                    return false;
                }
            }
            return true;
        }
        if (wide.startsWith("array<") && narrow.startsWith("array<")) {
            return reads(PrestoTypes.inner(wide, "array<"), PrestoTypes.inner(narrow, "array<"), json);
        }
        if (wide.startsWith("map<") && narrow.startsWith("map<")) {
            String[] wideParts = PrestoTypes.splitTopLevel(PrestoTypes.inner(wide, "map<"));
            String[] narrowParts = PrestoTypes.splitTopLevel(PrestoTypes.inner(narrow, "map<"));
            return wideParts[0].equals(narrowParts[0]) && reads(wideParts[1], narrowParts[1], json);
        }
        return json && (wide.equals("string") || (wide.equals("double") && narrow.equals("bigint")));
    }

    /** {@code decimal(p2,s)} against {@code decimal(p1,s)} with p2 > p1: every value of the narrow one fits. */
    private static boolean isWiderDecimal(String wide, String narrow) {
        java.util.regex.Matcher w = DECIMAL.matcher(wide);
        java.util.regex.Matcher n = DECIMAL.matcher(narrow);
        return w.matches() && n.matches() && w.group(2).equals(n.group(2))
                && Integer.parseInt(w.group(1)) > Integer.parseInt(n.group(1));
    }

    /**
     * The outcome of {@link #evolve}.
     *
     * @param columns the table's data columns after the change
     * @param added columns appended
     * @param widened columns whose type was widened
     * @param conflicts type changes reported and not applied
     */
    public record Evolution(List<Column> columns, List<String> added, List<String> widened, List<String> conflicts) {

        public boolean changed() {
            return !added.isEmpty() || !widened.isEmpty();
        }
    }

    /** The columns that are not partition keys; names compare as Athena compares them, ignoring case. */
    static List<Column> dataOnly(List<Column> columns, List<String> partitionKeys) {
        Set<String> keys = new java.util.HashSet<>();
        partitionKeys.forEach(k -> keys.add(k.toLowerCase(java.util.Locale.ROOT)));
        return columns.stream().filter(c -> !keys.contains(c.name())).toList();
    }

    static software.amazon.awssdk.services.glue.model.Column glueColumn(Column column) {
        return software.amazon.awssdk.services.glue.model.Column.builder().name(column.name()).type(column.type())
                .build();
    }

    /**
     * The topic a table holds, when it is not {@code topic}: another topic whose name maps to the same table name.
     *
     * @return empty when the table holds {@code topic}, or says nothing (a table Tributary did not create)
     */
    public static java.util.Optional<String> otherTopic(software.amazon.awssdk.services.glue.model.Table table,
            String topic) {
        String holds = table.hasParameters() ? table.parameters().get(TOPIC) : null;
        return holds == null || holds.equals(topic) ? java.util.Optional.empty() : java.util.Optional.of(holds);
    }

    public static List<Column> columns(software.amazon.awssdk.services.glue.model.Table table) {
        return table.storageDescriptor().columns().stream().map(c -> new Column(c.name(), c.type())).toList();
    }

    private static Map<String, String> parameters(LakeObject object, List<Column> data) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("classification", object.isParquet() ? "parquet" : "json");
        parameters.put("compressionType", compression(object));
        parameters.put("typeOfData", "file");
        parameters.put(TOPIC, object.key().topic());
        parameters.put("tributary.sink", object.sink().name());
        parameters.put(PARTITION_COLUMNS, digest(data));
        return parameters;
    }

    private static String compression(LakeObject object) {
        String extension = object.key().extension();
        if (extension.startsWith("snappy")) {
            return "snappy";
        }
        if (extension.startsWith("gz") || extension.endsWith(".gz")) {
            return "gzip";
        }
        if (extension.startsWith("zstd")) {
            return "zstd";
        }
        return "none";
    }

    private static StorageDescriptor storage(LakeObject object, List<Column> data, String location) {
        StorageDescriptor.Builder storage = StorageDescriptor.builder()
                .columns(data.stream().map(TableShapes::glueColumn).toList())
                .location(location)
                .compressed(!compression(object).equals("none"));
        if (object.isParquet()) {
            storage.inputFormat(PARQUET_INPUT).outputFormat(PARQUET_OUTPUT).serdeInfo(SerDeInfo.builder()
                    .serializationLibrary(PARQUET_SERDE).parameters(Map.of("serialization.format", "1")).build());
        } else {
            storage.inputFormat(TEXT_INPUT).outputFormat(TEXT_OUTPUT).serdeInfo(SerDeInfo.builder()
                    .serializationLibrary(JSON_SERDE).parameters(Map.of("serialization.format", "1",
                            "ignore.malformed.json", "false")).build());
        }
        return storage.build();
    }
}
