package dev.tributary.poller.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps delete logs small: once a source's mark on a table's delete log has moved, records its position as the
 * table's reader ({@code tributary.prune_deletes}) and removes the entries every reader of the table has passed. A
 * reader registers before it first reads, so that another source's pruning cannot take entries it has not read.
 *
 * <p>The one write the poller makes to the database, in a transaction of its own made read-write (the poller's role
 * is read-only by default). On a read replica it cannot: the poller says so once and goes on reading; the log is
 * then pruned where it is written.
 */
public final class DeleteLogPruner {

    private static final Logger LOG = Logger.getLogger(DeleteLogPruner.class);

    private final String reader;
    private final Map<String, List<String>> pruned = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    /** @param reader this source's name as the readers table keeps it: the state table and the source */
    public DeleteLogPruner(String reader) {
        this.reader = reader;
    }

    /** Registers the reader of a table's log without moving its position (start-up, before the first read). */
    public void register(Connection connection, String table) {
        call(connection, table, null);
    }

    /**
     * Records the position after a poll and prunes, when it moved since the last time.
     *
     * @param position the source's mark on the log: the time and id of the last entry delivered (the time alone for
     *     an initial position), as PostgreSQL prints them
     * @return how many entries were removed
     */
    public long prune(Connection connection, String table, Optional<List<String>> position) {
        if (position.isEmpty() || position.get().equals(pruned.get(table))) {
            return 0;
        }
        long removed = call(connection, table, position.get());
        if (removed >= 0) {
            pruned.put(table, position.get());
        }
        return removed;
    }

    private long call(Connection connection, String table, List<String> position) {
        try {
            boolean readOnly = connection.isReadOnly();
            connection.commit();
            connection.setReadOnly(false);
            try (PreparedStatement write = connection.prepareStatement("SET TRANSACTION READ WRITE");
                    PreparedStatement prune = connection.prepareStatement(
                            "SELECT tributary.prune_deletes(?, ?::regclass, ?::timestamptz, ?::int8)")) {
                write.execute();
                prune.setString(1, reader);
                prune.setString(2, table);
                prune.setString(3, position == null ? null : position.get(0));
                prune.setString(4, position == null || position.size() < 2 ? null : position.get(1));
                long removed;
                try (ResultSet rs = prune.executeQuery()) {
                    rs.next();
                    removed = rs.getLong(1);
                }
                connection.commit();
                if (removed > 0) {
                    LOG.debugf("Pruned %d entries of the delete log of %s", removed, table);
                }
                return removed;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setReadOnly(readOnly);
            }
        } catch (SQLException e) {
            if (warned.add(table)) {
                LOG.warnf(
                        "Cannot prune the delete log of %s as reader %s because %s%s. The log keeps growing until"
                                + " it can (on a read replica, prune where the log is written: SELECT"
                                + " tributary.prune_deletes('%s', '%s', <time>, <id>))",
                        table,
                        reader,
                        e.getMessage(),
                        "42501".equals(e.getSQLState())
                                ? "; grant it with SELECT tributary.grant_capture('<role>')"
                                : "",
                        reader,
                        table);
            }
            return -1;
        }
    }
}
