package dev.tributary.poller.capture;

import java.util.List;

/**
 * SQL with its parameters, all passed as text and cast in the SQL to the column's type.
 *
 * @param sql the statement
 * @param parameters the values of its placeholders, in order
 */
public record Statement(String sql, List<String> parameters) {

    public Statement {
        parameters = List.copyOf(parameters);
    }
}
