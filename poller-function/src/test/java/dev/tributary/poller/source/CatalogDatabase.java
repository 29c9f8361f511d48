package dev.tributary.poller.source;

import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.pipeline.SourceConfig;
import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the shared local stack's PostgreSQL, for one test class, with a connection as the poller opens
 * one (no auto-commit) and its catalog; and sources as a pipeline file gives them.
 */
final class CatalogDatabase implements AutoCloseable {

    final Connection connection;
    final DatabaseCatalog catalog;

    private CatalogDatabase(Connection connection) throws SQLException {
        this.connection = connection;
        this.catalog = DatabaseCatalog.of(connection, ZoneOffset.UTC);
    }

    /** A new database, set up by {@code sql}. */
    static CatalogDatabase create(String... sql) throws SQLException {
        PostgresEndpoint pg = LocalStack.shared().postgres();
        String database = "t_catalog_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        Connection connection = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
        try (Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
        connection.setAutoCommit(false);
        return new CatalogDatabase(connection);
    }

    /** The one source of a pipeline file's sources section, such as {@code - name: s\n  tables: t\n…}. */
    static SourceConfig source(String yaml) {
        String file = """
                database:
                  jdbc-url: jdbc:postgresql://localhost/unused
                  username: unused
                  ssl-mode: disable
                kafka:
                  bootstrap-servers: localhost:9092
                  auth: none
                state:
                  table: unused
                sources:
                """ + yaml.indent(2);
        return PipelineParser.parse(file, "test.yaml", Map.of()).sources().get(0);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
