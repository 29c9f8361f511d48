package dev.tributary.poller.capture;

/**
 * A column (or expression) that orders rows for capture: the change time, an incrementing id, or a key column that
 * breaks ties.
 *
 * @param name the column's name, as records and marks name it
 * @param expression the SQL that computes it (a quoted column, or GREATEST(…) of several)
 * @param castType the type its text form is cast back to in a statement
 */
public record OrderColumn(String name, String expression, String castType) {

    public static OrderColumn column(String name, String castType) {
        return new OrderColumn(name, Sql.identifier(name), Sql.type(castType));
    }
}
