package dev.tributary.poller;

import dev.tributary.core.pipeline.DatabaseConfig;
import dev.tributary.poller.capture.UpperBoundReader;
import dev.tributary.poller.database.DatabaseConnector;
import java.sql.Connection;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * The poller's one database connection, with the reader of the safe upper bound made on it: opened again when it
 * failed or went stale while the container was idle.
 */
final class PollerConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PollerConnection.class);
    private static final int STALE_CHECK_SECONDS = 5;

    private final DatabaseConnector connector;
    private final DatabaseConfig database;
    private Connection connection;
    private UpperBoundReader bounds;

    PollerConnection(
            DatabaseConnector connector, DatabaseConfig database, Connection connection, UpperBoundReader bounds) {
        this.connector = connector;
        this.database = database;
        this.connection = connection;
        this.bounds = bounds;
    }

    /** The open connection, opened again if it was closed. */
    Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connector.open();
            bounds = UpperBoundReader.of(connection, database.inFlightGuard());
        }
        return connection;
    }

    /** The reader of the safe upper bound on the current connection. */
    UpperBoundReader bounds() {
        return bounds;
    }

    /** The user the poller connects as, for advice on a failure. */
    String username() {
        return connector.username();
    }

    /**
     * A Lambda container is frozen between invocations, and a SnapStart snapshot is restored long after the
     * connection it holds was opened: the server, a proxy or a NAT gateway may have dropped it meanwhile. One round
     * trip per invocation finds out before a poll fails on it.
     */
    void dropIfStale() {
        try {
            if (connection != null && !connection.isValid(STALE_CHECK_SECONDS)) {
                LOG.info("The database connection went stale while the function was idle; reconnecting");
                close();
            }
        } catch (SQLException e) {
            close();
        }
    }

    /** Closes the connection; the next {@link #get()} opens a fresh one. */
    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.debugf("Closing a failed connection: %s", e.getMessage());
        }
        connection = null;
    }
}
