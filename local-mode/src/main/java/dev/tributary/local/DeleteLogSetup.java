package dev.tributary.local;

import dev.tributary.core.pipeline.DeleteConfig.DeleteCapture;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a deployment's database owner does once for sources with {@code deletes: {capture: log}}, done by local mode
 * for the database it captures: infra/sql/install.sql, then {@code tributary.capture_deletes} for every table whose
 * deletes a source reads (the tables a source names, its patterns matched as the poller matches them, and the
 * deletes.table of query sources).
 */
final class DeleteLogSetup {

    private DeleteLogSetup() {}

    /** @return the tables whose deletes are now logged; empty when no source reads a delete log */
    static List<String> install(SourceDatabase database, PipelineConfig pipeline) {
        Set<String> patterns = new LinkedHashSet<>();
        for (SourceConfig source : pipeline.sources()) {
            if (source.deletes().capture() != DeleteCapture.LOG) {
                continue;
            }
            if (source.isQuery()) {
                source.deletes().table().ifPresent(patterns::add);
            } else {
                patterns.addAll(source.tables());
            }
        }
        if (patterns.isEmpty()) {
            return List.of();
        }
        try (Connection connection = database.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(script());
            }
            List<String> tables = new ArrayList<>();
            for (String pattern : patterns) {
                tables.addAll(capture(connection, pattern));
            }
            return tables;
        } catch (SQLException e) {
            throw new LocalModeException(
                    "Cannot install the delete log (infra/sql/install.sql) in " + database.jdbcUrl() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Logs the deletes of the tables a pattern ({@code table}, {@code schema.table}, {@code *} wildcards) names. */
    private static List<String> capture(Connection connection, String pattern) throws SQLException {
        String schema = pattern.contains(".") ? pattern.substring(0, pattern.indexOf('.')) : null;
        String table = pattern.contains(".") ? pattern.substring(pattern.indexOf('.') + 1) : pattern;
        List<String> captured = new ArrayList<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT tributary.capture_deletes(c.oid::regclass)"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                        + " AND c.relname LIKE ? AND (CASE WHEN ? IS NULL THEN pg_table_is_visible(c.oid) ELSE n.nspname LIKE ?"
                        + " END)")) {
            statement.setString(1, like(table));
            statement.setString(2, schema);
            statement.setString(3, schema == null ? null : like(schema));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    captured.add(rs.getString(1));
                }
            }
        }
        return captured;
    }

    private static String like(String pattern) {
        return pattern.replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
                .replace('*', '%');
    }

    private static String script() {
        try (InputStream in = DeleteLogSetup.class.getResourceAsStream("install.sql")) {
            if (in == null) {
                throw new LocalModeException("infra/sql/install.sql is missing from local mode's classes; rebuild");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalModeException("Cannot read infra/sql/install.sql: " + e.getMessage(), e);
        }
    }
}
