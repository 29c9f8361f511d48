package dev.tributary.poller.reconcile;

import dev.tributary.poller.state.MarkConflictException;
import dev.tributary.poller.state.StateStore;
import dev.tributary.poller.state.StoredBlob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The keys the lake holds for one reconciled relation, in the state table: a base (the keys as of the last
 * reconciliation, in chunks of one item each) and the keys delivered since (pending, in the head item, folded into
 * the base when it grows large). Written only by the invocation that holds the source's lease; every head write is
 * conditional, so a stale copy fails instead of overwriting.
 */
public final class ReconcileStore {

    /** Pending keys beyond this size are folded into the base (without a reconciliation). */
    static final int PENDING_LIMIT = 256 * 1024;
    /** Pending keys beyond this size make a reconciliation due at once. */
    static final int PENDING_DUE = 64 * 1024;

    /**
     * What the head item holds.
     *
     * @param generation the base's generation; its chunks are named by it
     * @param chunks how many chunks the base has
     * @param keys how many keys the base has
     * @param reconciledAt when the last reconciliation read the relation's keys (epoch milliseconds; 0: never)
     * @param pending the keys delivered since, encoded
     * @param stale a generation whose chunks may be left over, removed by the next replacement
     * @param staleChunks how many chunks it had
     */
    record Head(
            long generation, int chunks, long keys, long reconciledAt, byte[] pending, long stale, int staleChunks) {

        static final Head NONE = new Head(0, 0, 0, 0, new byte[0], 0, 0);

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(1);
                out.writeLong(generation);
                out.writeInt(chunks);
                out.writeLong(keys);
                out.writeLong(reconciledAt);
                out.writeLong(stale);
                out.writeInt(staleChunks);
                out.writeInt(pending.length);
                out.write(pending);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static Head decode(byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                in.readByte();
                long generation = in.readLong();
                int chunks = in.readInt();
                long keys = in.readLong();
                long reconciledAt = in.readLong();
                long stale = in.readLong();
                int staleChunks = in.readInt();
                byte[] pending = new byte[in.readInt()];
                in.readFully(pending);
                return new Head(generation, chunks, keys, reconciledAt, pending, stale, staleChunks);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read a stored reconciliation head: " + e.getMessage(), e);
            }
        }
    }

    private final StateStore store;
    private final String source;
    private final String name;
    private final boolean integer;
    private Head head;
    private long version = -1;

    /**
     * @param name the relation's mark key: the state is kept under {@code reconcile#<name>}
     * @param integer whether the keys are a single integer column
     */
    public ReconcileStore(StateStore store, String source, String name, boolean integer) {
        this.store = store;
        this.source = source;
        this.name = "reconcile#" + name;
        this.integer = integer;
    }

    /** The head, read from the store the first time (and after a conflict). */
    Head head() {
        if (version < 0) {
            Optional<StoredBlob> stored = store.readBlob(source, name);
            head = stored.map(b -> Head.decode(b.data())).orElse(Head.NONE);
            version = stored.map(StoredBlob::version).orElse(0L);
        }
        return head;
    }

    /** Forgets the cached head: the next use reads it again. */
    void forget() {
        version = -1;
    }

    /** Whether a reconciliation has ever recorded the relation's keys. */
    boolean started() {
        return head().reconciledAt() > 0;
    }

    /**
     * Adds keys delivered to the lake: called before the mark moves past them, so that no delivered key can be
     * missing from the state. Folds pending keys into the base once they grow large.
     */
    public void addDelivered(KeySet keys) {
        if (keys.size() == 0) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Head current = head();
                KeySet pending =
                        current.pending().length == 0 ? KeySet.empty(integer) : KeySet.decode(current.pending());
                byte[] merged = pending.union(keys).encode();
                if (merged.length > PENDING_LIMIT) {
                    replace(all().union(keys), current.reconciledAt());
                } else {
                    write(new Head(
                            current.generation(),
                            current.chunks(),
                            current.keys(),
                            current.reconciledAt(),
                            merged,
                            current.stale(),
                            current.staleChunks()));
                }
                return;
            } catch (MarkConflictException e) {
                forget();
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** Whether the pending keys are many enough that a reconciliation should fold them in now. */
    boolean pendingLarge() {
        return head().pending().length > PENDING_DUE;
    }

    /** Every key the lake holds: the base and the pending keys. */
    KeySet all() {
        Head current = head();
        KeySet keys = KeySet.empty(integer);
        if (current.chunks() > 0) {
            ByteArrayOutputStream base = new ByteArrayOutputStream();
            for (int i = 0; i < current.chunks(); i++) {
                int index = i;
                StoredBlob chunk = store.readBlob(source, chunkName(current.generation(), i))
                        .orElseThrow(() -> new IllegalStateException(
                                "Cannot read the reconciliation state of " + source + " " + name
                                        + " because chunk " + index + " of generation " + current.generation() + " is"
                                        + " missing; reset the source to start its reconciliation again"));
                base.writeBytes(chunk.data());
            }
            keys = KeySet.decode(base.toByteArray());
        }
        if (current.pending().length > 0) {
            keys = keys.union(KeySet.decode(current.pending()));
        }
        return keys;
    }

    /**
     * Replaces the base with {@code keys} and empties the pending keys: the new generation's chunks first, then the
     * head that names them, then the old generation's chunks go.
     */
    void replace(KeySet keys, long reconciledAt) {
        Head current = head();
        byte[] encoded = keys.encode();
        long generation = current.generation() + 1;
        int chunks = (encoded.length + StateStore.MAX_BLOB_BYTES - 1) / StateStore.MAX_BLOB_BYTES;
        for (int i = 0; i < chunks; i++) {
            int from = i * StateStore.MAX_BLOB_BYTES;
            store.writeBlob(
                    source,
                    chunkName(generation, i),
                    Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + StateStore.MAX_BLOB_BYTES)),
                    -1);
        }
        write(new Head(
                generation, chunks, keys.size(), reconciledAt, new byte[0], current.generation(), current.chunks()));
        for (long old : new long[] {current.stale(), current.generation()}) {
            int count = old == current.generation() ? current.chunks() : current.staleChunks();
            for (int i = 0; i < count && old > 0; i++) {
                store.deleteBlob(source, chunkName(old, i));
            }
        }
    }

    private void write(Head next) {
        try {
            version = store.writeBlob(source, name, next.encode(), version);
        } catch (MarkConflictException e) {
            // Another invocation wrote it (this one's lease expired meanwhile): read it again next time.
            forget();
            throw e;
        }
        head = next;
    }

    private String chunkName(long generation, int index) {
        return name + "#" + generation + "#" + index;
    }

    /** When the last reconciliation read the keys; empty before the first. */
    Optional<Instant> reconciledAt() {
        return head().reconciledAt() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(head().reconciledAt()));
    }
}
