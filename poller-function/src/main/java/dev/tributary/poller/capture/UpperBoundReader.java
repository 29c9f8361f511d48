package dev.tributary.poller.capture;

import dev.tributary.core.pipeline.DatabaseConfig.InFlightGuard;
import dev.tributary.poller.database.DatabaseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Computes the safe upper bound of a poll: the earlier of the database clock minus {@code timestamp-delay} and the
 * start of the oldest transaction that is still open (per {@code in-flight-guard}).
 *
 * <p>Why this is safe: PostgreSQL stamps {@code now()} with the transaction's start, so every row an open
 * transaction writes carries a change time at or after that start, and stays above the bound until it commits.
 * The bound is read before the batch's snapshot is taken, and is never later than the moment it was read, so a
 * transaction that starts in between also stamps rows above it. Reading other sessions' transactions needs the
 * {@code pg_read_all_stats} role; without it the bound falls back to the delay alone, with one warning.
 */
public final class UpperBoundReader {

    private static final Logger LOG = Logger.getLogger(UpperBoundReader.class);

    private final InFlightGuard guard;
    private final boolean canSeeOtherSessions;

    private UpperBoundReader(InFlightGuard guard, boolean canSeeOtherSessions) {
        this.guard = guard;
        this.canSeeOtherSessions = canSeeOtherSessions;
    }

    /** Checks once whether the user can see other sessions' transactions, and warns if it cannot. */
    public static UpperBoundReader of(Connection connection, InFlightGuard guard) throws SQLException {
        boolean visible;
        String user;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                                + " OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')")) {
            rs.next();
            user = rs.getString(1);
            visible = rs.getBoolean(2);
        }
        connection.commit();
        if (guard != InFlightGuard.NONE && !visible) {
            LOG.warnf(
                    "Cannot see other sessions' transactions because database user %s is neither a superuser nor a"
                            + " member of pg_read_all_stats (or pg_monitor): a row that a long transaction commits late can be"
                            + " skipped. Run GRANT pg_monitor TO %s, or set each source's timestamp-delay above your longest"
                            + " transaction. Until then the safe upper bound relies on timestamp-delay alone.",
                    user, user);
        }
        return new UpperBoundReader(guard, visible);
    }

    /** The bound for a poll of a source with this delay, read in its own statement before the batch's. */
    public UpperBound read(Connection connection, Duration delay) throws SQLException {
        String writers = switch (guard) {
            case WRITERS -> "backend_xid IS NOT NULL";
            case ALL_TRANSACTIONS ->
                "xact_start IS NOT NULL AND application_name <> '" + DatabaseConnector.APPLICATION_NAME + "'";
            case NONE -> "false";
        };
        String sql = "WITH clock AS (SELECT clock_timestamp() AS now),"
                + " oldest AS (SELECT pid, xact_start FROM pg_stat_activity"
                + "   WHERE datname = current_database() AND pid <> pg_backend_pid() AND " + writers
                + "   ORDER BY xact_start LIMIT 1),"
                + " bound AS (SELECT LEAST(clock.now - make_interval(secs => ?::double precision),"
                + "   (SELECT xact_start FROM oldest)) AS at, clock.now FROM clock)"
                + " SELECT bound.at::text, bound.at::timestamp::text, bound.at, bound.now,"
                + "   (SELECT 'pid ' || pid || ' (open since ' || xact_start || ')' FROM oldest"
                + "     WHERE xact_start <= bound.at) FROM bound";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setDouble(1, delay.toNanos() / 1e9);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new UpperBound(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(canSeeOtherSessions ? rs.getString(5) : null));
            }
        }
    }
}
