package dev.tributary.localstack.fault;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request crossing a {@link FaultProxy}, as a fault's condition sees it.
 *
 * @param method {@code GET}, {@code PUT}, {@code POST}…
 * @param target the path and query, such as {@code /lake/topics/orders/orders+0+0000000000.json}
 * @param headers its headers, by lower-case name (the first value of each)
 * @param body the body as it came (empty while a request waits for {@code 100 Continue})
 */
public record ProxiedRequest(String method, String target, Map<String, String> headers, byte[] body) {

    static ProxiedRequest of(HttpMessage message) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String[] header : message.headers()) {
            headers.putIfAbsent(header[0].toLowerCase(Locale.ROOT), header[1]);
        }
        return new ProxiedRequest(message.method(), message.target(), Map.copyOf(headers), message.body());
    }

    /** A header's value, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The operation of a JSON-protocol call ({@code X-Amz-Target}, such as {@code DynamoDB_20120810.UpdateItem}). */
    public String operation() {
        return header("X-Amz-Target").orElse("");
    }

    /** The target's path, percent-decoded ({@code /lake/topics/orders/orders+0+0000000000.json}), without query. */
    public String path() {
        return java.net.URI.create("http://proxy" + target).getPath();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + target + (operation().isEmpty() ? "" : " (" + operation() + ")");
    }
}
