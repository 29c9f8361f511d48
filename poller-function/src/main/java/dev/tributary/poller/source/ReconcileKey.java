package dev.tributary.poller.source;

import dev.tributary.poller.capture.Sql;
import dev.tributary.poller.capture.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The key a reconciled relation is compared by, and the statements of its reconciliation: reading every key (as
 * text, or as a number for a single integer column; any order, streamed), and reading, among the keys the lake holds,
 * those the relation no longer has, as the rows of delete records. Pure.
 *
 * @param columns the key columns, as the relation names them
 * @param castTypes their types
 * @param integer whether the key is a single integer column
 * @param relation the relation's FROM item
 */
public record ReconcileKey(List<String> columns, List<String> castTypes, boolean integer, String relation) {

    /** Every key of the relation now: one column per key column, as text, or one int8 for an integer key. */
    public Statement scan() {
        StringJoiner select = new StringJoiner(", ");
        for (String column : columns) {
            select.add(Sql.identifier(column) + (integer ? "::int8" : "::text"));
        }
        return new Statement("SELECT " + select + " FROM " + relation, List.of());
    }

    /**
     * The keys of {@code keys} that the relation does not have, each as a row of the key columns with the time of
     * the delete ({@code bound}, as PostgreSQL prints a timestamptz) and its position in {@code keys}.
     */
    public String deletes(String bound, List<String[]> keys) {
        StringJoiner select = new StringJoiner(", ");
        StringJoiner arrays = new StringJoiner(", ");
        StringJoiner names = new StringJoiner(", ");
        StringJoiner same = new StringJoiner(" AND ");
        for (int i = 0; i < columns.size(); i++) {
            String typed = "k.c" + i + "::" + Sql.type(castTypes.get(i));
            select.add(typed + " AS " + Sql.identifier(columns.get(i)));
            List<String> values = new ArrayList<>(keys.size());
            for (String[] key : keys) {
                values.add(key[i]);
            }
            arrays.add(literal(arrayLiteral(values)) + "::text[]");
            names.add("c" + i);
            same.add("t." + Sql.identifier(columns.get(i)) + " = " + typed);
        }
        select.add(literal(bound) + "::timestamptz AS " + Sql.identifier(DeleteLogTargets.DELETED_AT));
        select.add("k.ord AS " + Sql.identifier(DeleteLogTargets.ENTRY_ID));
        return "(SELECT " + select + " FROM unnest(" + arrays + ") WITH ORDINALITY AS k(" + names + ", ord) WHERE NOT"
                + " EXISTS (SELECT FROM (SELECT * FROM " + relation + ") AS t WHERE " + same
                + ")) AS tributary_reconcile";
    }

    private static String arrayLiteral(List<String> values) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            String value = values.get(i);
            if (value == null) {
                text.append("NULL");
            } else {
                text.append('"')
                        .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return text.append('}').toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
