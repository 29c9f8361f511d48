package dev.tributary.catalog.glue;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.core.pipeline.SinkConfig.PartitionerKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Glue definitions of the lake's tables and partitions. Pure: builds inputs for the Glue API, calls nothing.
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
    /**
     * Table parameter of a JSON table: {@value #DECLARED} when its column types are the ones its objects' writer
     * declared; absent when they were inferred from text (tables registered before sinks declared types).
     */
    public static final String COLUMN_TYPES = "tributary.column-types";

    static final String DECLARED = "declared";

    private TableShapes() {}

    /**
     * An external table over a topic's objects: data columns (never a partition key among them), partition keys
     * ({@link #partitionKeyType}), the SerDe of its format, and the parameters crawlers set (classification,
     * compression).
     *
     * @param declared whether the columns' types are the ones the object was written with
     */
    public static TableInput table(LakeObject object, List<Column> data, List<String> partitionKeys, boolean declared) {
        List<Column> columns = dataOnly(data, partitionKeys);
        Map<String, String> parameters = parameters(object, columns);
        if (declared && !object.isParquet()) {
            parameters.put(COLUMN_TYPES, DECLARED);
        }
        return TableInput.builder()
                .name(object.table())
                .tableType("EXTERNAL_TABLE")
                .description("Topic " + object.key().topic() + ", written by Tributary's sink "
                        + object.sink().name())
                .parameters(parameters)
                .partitionKeys(partitionKeys.stream()
                        .map(k -> glueColumn(new Column(k, partitionKeyType(k, object))))
                        .toList())
                .storageDescriptor(
                        storage(object, columns, object.tableLocation().toString()))
                .build();
    }

    /**
     * A partition key's type: int for the default partitioner's {@code partition=<Kafka partition>}, as Athena users
     * declare it for Kafka Connect's S3 sink, so that {@code WHERE partition = 0} compares numbers; string otherwise.
     */
    static String partitionKeyType(String key, LakeObject object) {
        return key.equals("partition") && object.sink().partitioner() == PartitionerKind.DEFAULT ? "int" : "string";
    }

    /**
     * The table's partition keys with the types {@link #partitionKeyType} gives them: a table registered before the
     * default partitioner's key was an int has it as a string. Glue keeps partition values as text, so the same
     * partitions read as either.
     */
    static List<software.amazon.awssdk.services.glue.model.Column> partitionKeys(Table table, LakeObject object) {
        return table.partitionKeys().stream()
                .map(k -> k.type().equals("string")
                                && partitionKeyType(k.name(), object).equals("int")
                        ? k.toBuilder().type("int").build()
                        : k)
                .toList();
    }

    /** How an object's column types compare with its table's: as written, declared, or inferred from text. */
    public static ColumnEvolution.Reading reading(Table table, LakeObject object, boolean declared) {
        if (object.isParquet()) {
            return ColumnEvolution.Reading.PARQUET;
        }
        if (!declared) {
            return ColumnEvolution.Reading.JSON_INFERRED;
        }
        return table.hasParameters() && DECLARED.equals(table.parameters().get(COLUMN_TYPES))
                ? ColumnEvolution.Reading.JSON_DECLARED
                : ColumnEvolution.Reading.JSON_RETYPING;
    }

    /** How the table's columns take an object's ({@link ColumnEvolution}), read as {@link #reading} says. */
    public static ColumnEvolution.Evolution evolution(
            Table table, List<Column> columns, LakeObject object, boolean declared) {
        Set<String> partitionKeys = new LinkedHashSet<>(
                table.partitionKeys().stream().map(c -> c.name()).toList());
        return ColumnEvolution.evolve(columns(table), columns, partitionKeys, reading(table, object, declared));
    }

    /** Whether a table as last seen already takes these columns, with nothing to add, widen, retype or report. */
    public static boolean fits(Table table, List<Column> columns, LakeObject object, boolean declared) {
        ColumnEvolution.Evolution evolution = evolution(table, columns, object, declared);
        return takesAsIs(table, object, declared, evolution)
                && evolution.conflicts().isEmpty();
    }

    /**
     * Whether the table, as it is, takes an object's columns with nothing to add, widen, retype or record: its
     * partition keys typed, and, for an object with declared types, the table recording that its types are
     * declared.
     */
    public static boolean takesAsIs(
            Table table, LakeObject object, boolean declared, ColumnEvolution.Evolution evolution) {
        return !evolution.changed()
                && partitionKeys(table, object).equals(table.partitionKeys())
                && reading(table, object, declared) != ColumnEvolution.Reading.JSON_RETYPING;
    }

    /**
     * The table as it is, with other data columns, its partition keys typed, and, given declared types, recording
     * that they are. Its {@value #PARTITION_COLUMNS} stays as it was: the partitions do not have these columns yet.
     */
    public static TableInput withColumns(Table table, List<Column> data, LakeObject object, boolean declared) {
        StorageDescriptor storage = table.storageDescriptor().toBuilder()
                .columns(data.stream().map(TableShapes::glueColumn).toList())
                .build();
        Map<String, String> parameters = new LinkedHashMap<>(table.hasParameters() ? table.parameters() : Map.of());
        if (declared && !object.isParquet()) {
            parameters.put(COLUMN_TYPES, DECLARED);
        }
        return input(table, storage, parameters).toBuilder()
                .partitionKeys(partitionKeys(table, object))
                .build();
    }

    /** The table as it is, recording that its partitions have its columns. */
    public static TableInput withPartitionsCurrent(Table table) {
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.put(PARTITION_COLUMNS, digest(columns(table)));
        return input(table, table.storageDescriptor(), parameters);
    }

    /** Whether the table records that its partitions have its columns; a table without partition keys has none. */
    public static boolean partitionsCurrent(Table table) {
        return table.partitionKeys().isEmpty()
                || (table.hasParameters()
                        && digest(columns(table)).equals(table.parameters().get(PARTITION_COLUMNS)));
    }

    private static TableInput input(Table table, StorageDescriptor storage, Map<String, String> parameters) {
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
    public static PartitionInput partition(Table table, LakeObject object, List<String> values) {
        StorageDescriptor storage = table.storageDescriptor().toBuilder()
                .location(object.partitionLocation().toString())
                .build();
        Map<String, String> parameters = new LinkedHashMap<>(table.parameters());
        parameters.remove(PARTITION_COLUMNS);
        return PartitionInput.builder()
                .values(values)
                .storageDescriptor(storage)
                .parameters(parameters)
                .build();
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
    public static Optional<PartitionInput> withColumns(Partition partition, List<Column> data, boolean json) {
        List<Column> has = partition.storageDescriptor() == null
                ? List.of()
                : partition.storageDescriptor().columns().stream()
                        .map(c -> new Column(c.name(), c.type()))
                        .toList();
        // The table's types are its partitions' to take: a JSON partition registered with types inferred from text
        // takes the declared ones, which read the same text.
        ColumnEvolution.Reading reading =
                json ? ColumnEvolution.Reading.JSON_RETYPING : ColumnEvolution.Reading.PARQUET;
        if (has.equals(data)
                || !ColumnEvolution.evolve(has, data, Set.of(), reading)
                        .columns()
                        .equals(data)) {
            return Optional.empty();
        }
        StorageDescriptor.Builder storage = partition.storageDescriptor() == null
                ? StorageDescriptor.builder()
                : partition.storageDescriptor().toBuilder();
        return Optional.of(PartitionInput.builder()
                .values(partition.values())
                .storageDescriptor(storage.columns(
                                data.stream().map(TableShapes::glueColumn).toList())
                        .build())
                .parameters(partition.parameters())
                .lastAccessTime(partition.lastAccessTime())
                .lastAnalyzedTime(partition.lastAnalyzedTime())
                .build());
    }

    /** Whether the table is JSON text, read by the OpenX JSON SerDe. */
    public static boolean isJson(Table table) {
        StorageDescriptor storage = table.storageDescriptor();
        return storage != null
                && storage.serdeInfo() != null
                && JSON_SERDE.equals(storage.serdeInfo().serializationLibrary());
    }

    /** A digest of data columns, names and types in order. */
    static String digest(List<Column> columns) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Column column : columns) {
                sha.update((column.name() + " " + column.type() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The columns that are not partition keys; names compare as Athena compares them, ignoring case. */
    static List<Column> dataOnly(List<Column> columns, List<String> partitionKeys) {
        Set<String> keys = new HashSet<>();
        partitionKeys.forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        return columns.stream().filter(c -> !keys.contains(c.name())).toList();
    }

    static software.amazon.awssdk.services.glue.model.Column glueColumn(Column column) {
        return software.amazon.awssdk.services.glue.model.Column.builder()
                .name(column.name())
                .type(column.type())
                .build();
    }

    /**
     * The topic a table holds, when it is not {@code topic}: another topic whose name maps to the same table name.
     *
     * @return empty when the table holds {@code topic}, or says nothing (a table Tributary did not create)
     */
    public static Optional<String> otherTopic(Table table, String topic) {
        String holds = table.hasParameters() ? table.parameters().get(TOPIC) : null;
        return holds == null || holds.equals(topic) ? Optional.empty() : Optional.of(holds);
    }

    public static List<Column> columns(Table table) {
        return table.storageDescriptor().columns().stream()
                .map(c -> new Column(c.name(), c.type()))
                .toList();
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
            storage.inputFormat(PARQUET_INPUT)
                    .outputFormat(PARQUET_OUTPUT)
                    .serdeInfo(SerDeInfo.builder()
                            .serializationLibrary(PARQUET_SERDE)
                            .parameters(Map.of("serialization.format", "1"))
                            .build());
        } else {
            storage.inputFormat(TEXT_INPUT)
                    .outputFormat(TEXT_OUTPUT)
                    .serdeInfo(SerDeInfo.builder()
                            .serializationLibrary(JSON_SERDE)
                            .parameters(Map.of("serialization.format", "1", "ignore.malformed.json", "false"))
                            .build());
        }
        return storage.build();
    }
}
