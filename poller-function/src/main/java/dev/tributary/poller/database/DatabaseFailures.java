package dev.tributary.poller.database;

import dev.tributary.core.failure.PipelineFailure.Kind;
import java.sql.SQLException;

/**
 * How a failed database call is classified, once, by its SQLSTATE: a broken or refused connection, a server
 * shutting down or restarting, a cancelled query, a serialization failure or a shortage of resources may pass; a
 * missing table or column, a missing privilege, a failed login or a missing database needs someone to change
 * something.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    public static Kind kind(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // The driver's own failures without a state are I/O: the connection broke.
            return Kind.RETRIABLE;
        }
        boolean passing = state.startsWith("08") // connection exception
                || state.startsWith("57P") // admin or crash shutdown, cannot connect now
                || state.equals("57014") // query cancelled (a statement timeout)
                || state.startsWith("40") // serialization failure, deadlock
                || state.startsWith("53") // insufficient resources: too many connections, out of memory
                || state.startsWith("58") // system error: I/O
                || state.equals("55P03") // lock not available
                || state.equals("55006"); // object in use
        return passing ? Kind.RETRIABLE : Kind.PERMANENT;
    }

    /** What to do about a permanent failure, for the message; empty when there is nothing specific to say. */
    public static String advice(SQLException e, String user) {
        String state = String.valueOf(e.getSQLState());
        return switch (state) {
            case "42501" -> "; grant the poller's role " + user + " SELECT on it (infra/sql/install.sql)";
            case "42P01", "42703" ->
                "; the relation or a column the source names no longer exists: fix the source" + " or restore it";
            case "28P01", "28000" -> "; check the user and password in the database secret";
            case "3D000" -> "; check the database name in the secret or in database.jdbc-url";
            default -> "";
        };
    }
}
