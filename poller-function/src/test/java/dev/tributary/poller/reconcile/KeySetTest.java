package dev.tributary.poller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeySetTest {

    @Test
    void shouldKeepIntegerKeysSortedAndUniqueThroughEncoding() {
        KeySet keys = KeySet.ofLongs(new long[] {5, -3, 5, Long.MAX_VALUE, 0, Long.MIN_VALUE}, 6);

        KeySet decoded = KeySet.decode(keys.encode());

        assertThat(decoded.integer()).isTrue();
        assertThat(decoded.size()).isEqualTo(5);
        assertThat(new long[] {
                    decoded.longAt(0), decoded.longAt(1), decoded.longAt(2), decoded.longAt(3), decoded.longAt(4)
                })
                .containsExactly(Long.MIN_VALUE, -3, 0, 5, Long.MAX_VALUE);
        assertThat(decoded.indexOf(5)).isEqualTo(3);
        assertThat(decoded.indexOf(6)).isNegative();
    }

    @Test
    void shouldStoreAMillionDenseIdsInLittleMoreThanAKilobyte() {
        long[] ids = new long[1_000_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        byte[] encoded = KeySet.ofLongs(ids, ids.length).encode();

        assertThat(encoded.length).as("deflated deltas of 1").isLessThan(4_096);
        assertThat(KeySet.decode(encoded).size()).isEqualTo(1_000_000);
    }

    @Test
    void shouldKeepCompositeTextKeysWithNullsAndSeparatorsApart() {
        KeySet keys = KeySet.ofTexts(
                new String[] {
                    KeySet.text(new String[] {"x", null}),
                    KeySet.text(new String[] {"x", "y"}),
                    KeySet.text(new String[] {"é", "💧"})
                },
                3);

        KeySet decoded = KeySet.decode(keys.encode());

        assertThat(decoded.size()).isEqualTo(3);
        assertThat(decoded.indexOf(KeySet.text(new String[] {"x", null}))).isNotNegative();
        assertThat(decoded.indexOf(KeySet.text(new String[] {"x", "y"}))).isNotNegative();
        assertThat(decoded.columnsAt(decoded.indexOf(KeySet.text(new String[] {"é", "💧"}))))
                .containsExactly("é", "💧");
        assertThat(KeySet.columns(KeySet.text(new String[] {"x", null}))).containsExactly("x", null);
    }

    @Test
    void shouldJoinAndRemoveKeys() {
        Random random = new Random(3);
        long[] some = random.longs(1000, 0, 5000).toArray();
        long[] more = random.longs(1000, 0, 5000).toArray();
        KeySet union = KeySet.ofLongs(some, some.length).union(KeySet.ofLongs(more, more.length));
        BitSet odd = new BitSet();
        for (int i = 0; i < union.size(); i++) {
            if (union.longAt(i) % 2 == 1) {
                odd.set(i);
            }
        }

        KeySet even = union.without(odd);

        assertThat(even.size()).isEqualTo(union.size() - odd.cardinality());
        for (long key : some) {
            assertThat(union.indexOf(key)).isNotNegative();
            assertThat(even.indexOf(key) >= 0).isEqualTo(key % 2 == 0);
        }
    }
}
