package dev.tributary.poller.reconcile;

import dev.tributary.poller.capture.Statement;
import dev.tributary.poller.source.ReconcileKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finds the deletes of a relation without anything installed in the database: every interval, reads the relation's
 * key set (one streamed query, in any order) and compares it with the keys the lake holds (those a reconciliation
 * found before, and those delivered since); each key the lake holds that the relation no longer has becomes a delete.
 *
 * <p>Why this is right while writes go on. A delete is stamped with the safe upper bound read before the keys: a
 * transaction that started before it has ended, so its insert of a key is in the key set read, and a key inserted
 * later has a later change time, which the current-state view ranks above the delete. A key the lake holds was
 * delivered below an earlier bound, so its versions rank below the delete. The keys gone are read once more, as delete
 * records, in a statement that leaves out any key that exists again. A key inserted and deleted between two
 * reconciliations was delivered, so it is among the keys the lake holds, and is found gone.
 */
public final class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** Keys per statement that reads deleted keys back as delete records. */
    static final int DELETES_PER_STATEMENT = 10_000;

    /** Reads deleted keys back as delete records and delivers them; returns the keys it delivered. */
    public interface Deliverer {
        List<String[]> deliver(Statement statement) throws SQLException;
    }

    /**
     * What a reconciliation did.
     *
     * @param lakeKeys keys the lake held
     * @param relationKeys keys the relation has
     * @param deletes deletes delivered
     * @param took how long it took
     */
    public record Outcome(long lakeKeys, long relationKeys, long deletes, Duration took) {}

    private final ReconcileStore store;
    private final ReconcileKey key;
    private final Duration interval;
    private final int fetchSize;

    public Reconciler(ReconcileStore store, ReconcileKey key, Duration interval, int fetchSize) {
        this.store = store;
        this.key = key;
        this.interval = interval;
        this.fetchSize = fetchSize;
    }

    public ReconcileStore store() {
        return store;
    }

    /** Whether a reconciliation is due: never run, the interval passed, or many keys were delivered since. */
    public boolean due(Instant now) {
        return store.reconciledAt().map(at -> !now.isBefore(at.plus(interval))).orElse(true) || store.pendingLarge();
    }

    /**
     * Reconciles once.
     *
     * @param bound the safe upper bound read just before, as PostgreSQL prints a timestamptz: the deletes' time
     */
    public Outcome run(Connection connection, String bound, Deliverer deliverer) throws SQLException {
        long begin = System.nanoTime();
        Instant startedAt = Instant.now();
        KeySet lake = store.all();
        boolean first = !store.started();
        BitSet seen = new BitSet(lake.size());
        Scan scan = scan(connection, lake, seen, first);
        long deletes = 0;
        KeySet next;
        if (first) {
            // The first reconciliation learns the keys: the lake holds those already delivered, and will hold those
            // still to be delivered.
            next = scan.keys().union(lake);
        } else {
            BitSet gone = new BitSet(lake.size());
            List<String[]> batch = new ArrayList<>();
            for (int i = seen.nextClearBit(0); i < lake.size(); i = seen.nextClearBit(i + 1)) {
                batch.add(lake.columnsAt(i));
                if (batch.size() == DELETES_PER_STATEMENT) {
                    deletes += deliver(deliverer, bound, batch, lake, gone);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                deletes += deliver(deliverer, bound, batch, lake, gone);
            }
            next = lake.without(gone);
        }
        store.replace(next, startedAt.toEpochMilli());
        Outcome outcome = new Outcome(lake.size(), scan.count(), deletes, Duration.ofNanos(System.nanoTime() - begin));
        LOG.infof(
                "Reconciled %s: %,d keys in the lake, %,d in the relation, %,d deletes, in %.1f s",
                key.relation().replaceAll("\\s+", " "),
                outcome.lakeKeys(),
                outcome.relationKeys(),
                outcome.deletes(),
                outcome.took().toMillis() / 1000.0);
        return outcome;
    }

    private long deliver(Deliverer deliverer, String bound, List<String[]> keys, KeySet lake, BitSet gone)
            throws SQLException {
        List<String[]> delivered =
                deliverer.deliver(new Statement("SELECT * FROM " + key.deletes(bound, keys), List.of()));
        for (String[] columns : delivered) {
            int index = lake.integer() ? lake.indexOf(Long.parseLong(columns[0])) : lake.indexOf(KeySet.text(columns));
            if (index >= 0) {
                gone.set(index);
            }
        }
        return delivered.size();
    }

    /** The relation's keys now, marked in {@code seen}; kept whole only when {@code keep}. */
    private record Scan(long count, KeySet keys) {}

    private Scan scan(Connection connection, KeySet lake, BitSet seen, boolean keep) throws SQLException {
        long count = 0;
        long[] longs = keep && key.integer() ? new long[1024] : null;
        String[] texts = keep && !key.integer() ? new String[1024] : null;
        try (PreparedStatement statement = connection.prepareStatement(
                key.scan().sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetchSize);
            try (ResultSet rs = statement.executeQuery()) {
                int columns = key.columns().size();
                String[] text = new String[columns];
                while (rs.next()) {
                    int index;
                    if (key.integer()) {
                        long value = rs.getLong(1);
                        index = lake.size() == 0 ? -1 : lake.indexOf(value);
                        if (longs != null) {
                            if (count == longs.length) {
                                longs = Arrays.copyOf(longs, longs.length * 2);
                            }
                            longs[(int) count] = value;
                        }
                    } else {
                        for (int i = 0; i < columns; i++) {
                            text[i] = rs.getString(i + 1);
                        }
                        String joined = KeySet.text(text);
                        index = lake.size() == 0 ? -1 : lake.indexOf(joined);
                        if (texts != null) {
                            if (count == texts.length) {
                                texts = Arrays.copyOf(texts, texts.length * 2);
                            }
                            texts[(int) count] = joined;
                        }
                    }
                    if (index >= 0) {
                        seen.set(index);
                    }
                    count++;
                }
            }
        } finally {
            connection.commit();
        }
        KeySet keys = longs != null
                ? KeySet.ofLongs(longs, (int) count)
                : texts != null ? KeySet.ofTexts(texts, (int) count) : KeySet.empty(key.integer());
        return new Scan(count, keys);
    }
}
