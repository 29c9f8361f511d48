package dev.tributary.poller.capture;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The safe upper bound of mode {@code incrementing}: the largest id below which no row can still appear.
 *
 * <p>Why it is needed: a sequence hands out ids when rows are written, not when they commit. A transaction that
 * took id 100 and is still open while another commits id 101 would make id 100 appear below a mark already at 101,
 * and a plain {@code id > mark} poll would skip it forever (Kafka Connect's incrementing mode does).
 *
 * <p>How: each poll samples the database clock together with the largest visible id. Any row with a smaller id that
 * is not visible yet belongs to a transaction that was open at the sample's time (a later transaction gets a larger
 * id from the sequence), so the sample's id becomes safe once every transaction open at that time has ended: once
 * the oldest open transaction (per {@code in-flight-guard}, as {@link UpperBoundReader} reads it) started after the
 * sample. Until then the previous safe id holds. The clock is read after the sample's snapshot, so a transaction
 * that started in between only makes the check stricter.
 */
public final class IdCeiling {

    private record Sample(Instant at, BigInteger id) {}

    private final Deque<Sample> pending = new ArrayDeque<>();
    private BigInteger safe;

    /** The largest id that is safe to read up to (inclusive) now, or empty when none is known yet. */
    public Optional<String> read(Connection connection, CaptureSpec spec, UpperBoundReader bounds) throws SQLException {
        OrderColumn id = spec.orderColumns().get(0);
        String sql =
                "SELECT clock_timestamp(), (SELECT max(" + id.expression() + ")::text FROM " + spec.relation() + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            String largest = rs.getString(2);
            if (largest != null) {
                pending.addLast(new Sample(rs.getObject(1, OffsetDateTime.class).toInstant(), new BigInteger(largest)));
            }
        }
        Instant settled;
        try {
            settled = bounds.read(connection, Duration.ZERO).at();
        } finally {
            // PostgreSQL keeps one snapshot of pg_stat_activity per transaction: end it, so the next look is fresh.
            connection.commit();
        }
        while (!pending.isEmpty() && pending.peekFirst().at().isBefore(settled)) {
            BigInteger confirmed = pending.pollFirst().id();
            // A deleted largest row makes a later sample smaller; what was safe stays safe.
            safe = safe == null ? confirmed : safe.max(confirmed);
        }
        return Optional.ofNullable(safe).map(BigInteger::toString);
    }
}
