package dev.tributary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.localstack.fault.ProxiedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches every high-water mark the state store applies, at the wire (the DynamoDB proxy's answered requests, lost
 * answers included), and records any that moves a mark backward. A mark is the capture position as PostgreSQL
 * prints it: a {@code timestamptz} first, then the tie-breaking key.
 */
final class MarkMonitor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendPattern("X")
            .toFormatter();

    private final Map<String, List<String>> last = new HashMap<>();
    private final List<String> backward = new ArrayList<>();
    private long writes;

    /** Takes a request the state store's server answered. */
    synchronized void observe(ProxiedRequest request, int status) {
        if (status != 200) {
            return;
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            String key = body.path("Key").path("pk").path("S").asText("");
            if (!key.startsWith("mark#")) {
                return;
            }
            if (request.operation().endsWith(".DeleteItem")) {
                // A reset: the mark starts again from the initial position.
                last.remove(key);
                return;
            }
            if (!request.operation().endsWith(".UpdateItem")) {
                return;
            }
            List<String> position = new ArrayList<>();
            body.path("ExpressionAttributeValues")
                    .path(":position")
                    .path("L")
                    .forEach(v -> position.add(
                            v.path("NULL").asBoolean() ? null : v.path("S").asText()));
            writes++;
            List<String> previous = last.put(key, position);
            if (previous != null && compare(position, previous) < 0) {
                backward.add(key + ": " + previous + " -> " + position);
            }
        } catch (IOException e) {
            backward.add("unreadable mark write: " + e.getMessage());
        }
    }

    /** Marks written so far. */
    synchronized long writes() {
        return writes;
    }

    /** Every mark write that moved a mark backward. */
    synchronized List<String> backward() {
        return List.copyOf(backward);
    }

    /** Orders positions: the change time, then each tie-breaker (numbers as numbers, a NULL first). */
    static int compare(List<String> a, List<String> b) {
        int byTime = instant(a.get(0)).compareTo(instant(b.get(0)));
        if (byTime != 0) {
            return byTime;
        }
        for (int i = 1; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x == null || y == null) {
                int nulls = Boolean.compare(x != null, y != null);
                if (nulls != 0) {
                    return nulls;
                }
                continue;
            }
            int byValue = x.matches("-?\\d+(\\.\\d+)?") && y.matches("-?\\d+(\\.\\d+)?")
                    ? new BigDecimal(x).compareTo(new BigDecimal(y))
                    : x.compareTo(y);
            if (byValue != 0) {
                return byValue;
            }
        }
        // A position with a tie-breaker lies after the bare change time it starts with.
        return Integer.compare(a.size(), b.size());
    }

    /** PostgreSQL's text of a {@code timestamptz} ({@code 2026-12-04 21:27:46.482397+00}), or an ISO-8601 instant. */
    private static Instant instant(String timestamptz) {
        return timestamptz.contains("T")
                ? Instant.parse(timestamptz)
                : OffsetDateTime.parse(timestamptz, PG_TIMESTAMPTZ).toInstant();
    }
}
