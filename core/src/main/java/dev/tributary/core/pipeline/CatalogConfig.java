package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigGroup;
import dev.tributary.core.config.ConfigObject;
import dev.tributary.core.config.Setting;

/**
 * Where the catalog function registers the lake's tables.
 *
 * @param database the Glue database
 * @param createDatabase create the database when it is missing
 * @param views create a current-state view per table
 * @param viewSuffix the suffix of view names
 */
public record CatalogConfig(String database, boolean createDatabase, boolean views, String viewSuffix) {

    public static final Setting<String> DATABASE = Setting.string("database")
            .defaultValue("tributary")
            .validate(
                    d -> d.matches("[a-z0-9_]{1,255}"),
                    "be lower case letters, digits and underscores, as Athena needs")
            .doc("The Glue database of the lake's tables. Each topic is a table, named by its sink's table-name.");
    public static final Setting<Boolean> CREATE_DATABASE = Setting.bool("create-database")
            .defaultValue(true)
            .doc("Create the database when it does not exist (the template creates it; this helps local runs).");
    public static final Setting<Boolean> VIEWS = Setting.bool("views")
            .defaultValue(true)
            .doc("Create, for each table with a record key, a view of the latest row per key (deleted keys left"
                    + " out, rows without a key too), ordered by the change time at the source (a delete's Kafka"
                    + " timestamp when it has none), then the Kafka partition and offset.");
    public static final Setting<String> VIEW_SUFFIX = Setting.string("view-suffix")
            .defaultValue("_current")
            .validate(s -> s.matches("[a-z0-9_]{1,50}"), "be lower case letters, digits and underscores")
            .doc("Suffix of the current-state views' names: <table><suffix>.");

    public static final ConfigGroup GROUP = ConfigGroup.builder(
                    "catalog", "The Glue Data Catalog the catalog function keeps in step with the lake.")
            .add(DATABASE, CREATE_DATABASE, VIEWS, VIEW_SUFFIX)
            .build();

    static CatalogConfig from(ConfigObject config) {
        return new CatalogConfig(
                config.get(DATABASE), config.get(CREATE_DATABASE), config.get(VIEWS), config.get(VIEW_SUFFIX));
    }
}
