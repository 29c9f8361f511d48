package dev.tributary.localstack.glue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The partition filter of {@code GetPartitions}' {@code Expression}: comparisons ({@code = <> != < <= > >=}),
 * {@code [NOT] IN}, {@code [NOT] BETWEEN}, {@code [NOT] LIKE}, combined with {@code AND}, {@code OR}, {@code NOT} and
 * parentheses. Values of numeric partition keys compare as numbers, all others as strings, as in Glue.
 */
final class PartitionFilter {

    private static final Set<String> NUMERIC_TYPES =
            Set.of("tinyint", "smallint", "int", "integer", "bigint", "float", "double", "decimal");

    private final List<String> keyNames;
    private final List<String> keyTypes;
    private final List<Token> tokens;
    private int position;

    private PartitionFilter(List<String> keyNames, List<String> keyTypes, String expression) {
        this.keyNames = keyNames;
        this.keyTypes = keyTypes;
        this.tokens = tokenize(expression);
    }

    /**
     * Parses {@code expression} for a table with the given partition keys.
     *
     * @return a predicate over a partition's values, in key order
     * @throws GlueException {@code InvalidInputException} if the expression cannot be parsed or names an unknown key
     */
    static Predicate<List<String>> parse(String expression, List<String> keyNames, List<String> keyTypes) {
        PartitionFilter parser = new PartitionFilter(keyNames, keyTypes, expression);
        Predicate<List<String>> predicate = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw GlueException.invalidInput("Unsupported expression '" + expression + "': unexpected '"
                    + parser.tokens.get(parser.position).text + "'");
        }
        return predicate;
    }

    private Predicate<List<String>> or() {
        Predicate<List<String>> left = and();
        while (acceptKeyword("OR")) {
            left = left.or(and());
        }
        return left;
    }

    private Predicate<List<String>> and() {
        Predicate<List<String>> left = not();
        while (acceptKeyword("AND")) {
            left = left.and(not());
        }
        return left;
    }

    private Predicate<List<String>> not() {
        if (acceptKeyword("NOT")) {
            return not().negate();
        }
        if (accept("(")) {
            Predicate<List<String>> inner = or();
            expect(")");
            return inner;
        }
        return predicate();
    }

    private Predicate<List<String>> predicate() {
        Token name = next("a partition key name");
        int index = keyIndex(name.text);
        boolean numeric = NUMERIC_TYPES.contains(baseType(keyTypes.get(index)));
        boolean negated = acceptKeyword("NOT");
        Predicate<List<String>> result;
        if (acceptKeyword("IN")) {
            expect("(");
            List<String> options = new ArrayList<>();
            do {
                options.add(literal());
            } while (accept(","));
            expect(")");
            result = values -> options.stream().anyMatch(o -> compare(values.get(index), o, numeric) == 0);
        } else if (acceptKeyword("BETWEEN")) {
            String low = literal();
            if (!acceptKeyword("AND")) {
                throw GlueException.invalidInput("Unsupported expression: BETWEEN needs AND");
            }
            String high = literal();
            result = values ->
                    compare(values.get(index), low, numeric) >= 0 && compare(values.get(index), high, numeric) <= 0;
        } else if (acceptKeyword("LIKE")) {
            Pattern pattern = likePattern(literal());
            result = values -> pattern.matcher(values.get(index)).matches();
        } else {
            if (negated) {
                throw GlueException.invalidInput("Unsupported expression: NOT must precede IN, BETWEEN or LIKE here");
            }
            String operator = next("a comparison operator").text;
            String operand = literal();
            result = switch (operator) {
                case "=" -> values -> compare(values.get(index), operand, numeric) == 0;
                case "<>", "!=" -> values -> compare(values.get(index), operand, numeric) != 0;
                case "<" -> values -> compare(values.get(index), operand, numeric) < 0;
                case "<=" -> values -> compare(values.get(index), operand, numeric) <= 0;
                case ">" -> values -> compare(values.get(index), operand, numeric) > 0;
                case ">=" -> values -> compare(values.get(index), operand, numeric) >= 0;
                default ->
                    throw GlueException.invalidInput("Unsupported expression: unknown operator '" + operator + "'");
            };
        }
        return negated ? result.negate() : result;
    }

    private int keyIndex(String name) {
        for (int i = 0; i < keyNames.size(); i++) {
            if (keyNames.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw GlueException.invalidInput(
                "Unknown column '" + name + "' in partition filter; partition keys are " + keyNames);
    }

    private static String baseType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        int paren = lower.indexOf('(');
        return paren < 0 ? lower : lower.substring(0, paren);
    }

    private static int compare(String value, String operand, boolean numeric) {
        if (numeric) {
            try {
                return new BigDecimal(value).compareTo(new BigDecimal(operand));
            } catch (NumberFormatException e) {
                // A non-numeric value of a numeric key: fall back to text order rather than failing the listing.
            }
        }
        return value.compareTo(operand);
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            switch (c) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private String literal() {
        Token token = next("a value");
        if (token.kind != Kind.STRING && token.kind != Kind.NUMBER) {
            throw GlueException.invalidInput("Unsupported expression: expected a value but found '" + token.text + "'");
        }
        return token.text;
    }

    private boolean acceptKeyword(String keyword) {
        if (position < tokens.size()
                && tokens.get(position).kind == Kind.WORD
                && tokens.get(position).text.equalsIgnoreCase(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean accept(String symbol) {
        if (position < tokens.size()
                && tokens.get(position).kind == Kind.SYMBOL
                && tokens.get(position).text.equals(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw GlueException.invalidInput("Unsupported expression: expected '" + symbol + "'");
        }
    }

    private Token next(String what) {
        if (position >= tokens.size()) {
            throw GlueException.invalidInput("Unsupported expression: expected " + what + " but the expression ended");
        }
        return tokens.get(position++);
    }

    private enum Kind {
        WORD,
        STRING,
        NUMBER,
        SYMBOL
    }

    private record Token(Kind kind, String text) {}

    private static List<Token> tokenize(String expression) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= expression.length()) {
                        throw GlueException.invalidInput(
                                "Unsupported expression: unterminated string in '" + expression + "'");
                    }
                    char d = expression.charAt(i++);
                    if (d == '\'') {
                        if (i < expression.length() && expression.charAt(i) == '\'') {
                            text.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(d);
                    }
                }
                tokens.add(new Token(Kind.STRING, text.toString()));
            } else if (c == '`') {
                int end = expression.indexOf('`', i + 1);
                if (end < 0) {
                    throw GlueException.invalidInput(
                            "Unsupported expression: unterminated name in '" + expression + "'");
                }
                tokens.add(new Token(Kind.WORD, expression.substring(i + 1, end)));
                i = end + 1;
            } else if (Character.isDigit(c)
                    || (c == '-' && i + 1 < expression.length() && Character.isDigit(expression.charAt(i + 1)))) {
                int start = i++;
                while (i < expression.length()
                        && (Character.isDigit(expression.charAt(i)) || expression.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, expression.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < expression.length()
                        && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, expression.substring(start, i)));
            } else if (expression.startsWith("<=", i)
                    || expression.startsWith(">=", i)
                    || expression.startsWith("<>", i)
                    || expression.startsWith("!=", i)) {
                tokens.add(new Token(Kind.SYMBOL, expression.substring(i, i + 2)));
                i += 2;
            } else if ("=<>(),".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw GlueException.invalidInput(
                        "Unsupported expression: unexpected character '" + c + "' in '" + expression + "'");
            }
        }
        return tokens;
    }
}
