package dev.tributary.localstack;

import java.net.URI;

/**
 * Trino, as Athena's engine: where to reach it, and the catalog that reads the lake through the local Glue and S3.
 *
 * @param uri the server's HTTP endpoint
 * @param version the Trino version
 */
public record TrinoEndpoint(URI uri, String version) {

    /** The catalog's name, as Athena names its Glue Data Catalog. */
    public static final String CATALOG = "awsdatacatalog";
    /** The Iceberg connector's catalog, to which {@link #CATALOG} hands the Glue database's Iceberg tables. */
    public static final String ICEBERG_CATALOG = "iceberg";

    /** A JDBC URL (Trino's own driver) for a schema (a Glue database) of the catalog. */
    public String jdbcUrl(String schema) {
        return "jdbc:trino://" + uri.getHost() + ":" + uri.getPort() + "/" + CATALOG + "/" + schema;
    }

    String encode() {
        return uri + " " + version;
    }

    static TrinoEndpoint decode(String text) {
        String[] parts = text.split(" ");
        return new TrinoEndpoint(URI.create(parts[0]), parts[1]);
    }
}
