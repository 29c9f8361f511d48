package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.poller.LocalPipeline.Consumed;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deletes found by reconciliation, with nothing installed in the database: each key the lake holds that the relation
 * no longer has becomes a delete record and a tombstone, stamped so that the current-state view ranks it above every
 * version delivered before it and below a version inserted again after it.
 */
class ReconcileDeletesTest {

    @RegisterExtension
    static final LocalPipeline local = LocalPipeline.forClass("reconcile");

    private static Set<String> deletedKeys(String topic, String field) {
        Set<String> keys = new TreeSet<>();
        for (Consumed record : local.read(topic)) {
            if ("d".equals(record.headers().get("tributary.op")) && record.value() != null) {
                keys.add(record.payload().get(field).asText());
            }
        }
        return keys;
    }

    /** Polls until the source has reconciled since the deletes (the interval is a second). */
    private static void pollUntil(Poller poller, String topic, String field, Set<String> expected) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    LocalPipeline.pollOnce(poller);
                    assertThat(deletedKeys(topic, field)).isEqualTo(expected);
                });
    }

    @Test
    void shouldDeleteKeysGoneSinceTheLastReconciliationButNotThoseInsertedAgain() throws Exception {
        local.execute(
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL,"
                        + " last_update timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO items (id, name) SELECT g, 'item ' || g FROM generate_series(1, 20) g");
        Poller poller = local.start(local.pipeline("""
                  - name: items
                    tables: items
                    topic-prefix: %s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: reconcile, reconcile-interval: 1s}
                """.formatted(local.topicPrefix)));
        String topic = local.topicPrefix + "items";
        LocalPipeline.pollOnce(poller);

        local.execute(
                "DELETE FROM items WHERE id IN (3, 4)",
                // Inserted, delivered, and deleted before the next reconciliation.
                "INSERT INTO items (id, name) VALUES (21, 'brief')");
        LocalPipeline.pollOnce(poller);
        local.execute(
                "DELETE FROM items WHERE id = 21",
                // Deleted and inserted again between two reconciliations: it stays.
                "DELETE FROM items WHERE id = 5",
                "INSERT INTO items (id, name) VALUES (5, 'again')",
                // Inserted and deleted before any poll saw it: nothing to delete.
                "INSERT INTO items (id, name) VALUES (22, 'never seen')",
                "DELETE FROM items WHERE id = 22");

        pollUntil(poller, topic, "id", Set.of("3", "4", "21"));

        List<Consumed> tombstones =
                local.read(topic).stream().filter(r -> r.value() == null).toList();
        assertThat(tombstones)
                .extracting(r -> r.keyPayload().get("id").asText())
                .containsExactlyInAnyOrder("3", "4", "21");
        // Reconciled again later: the keys already deleted are not deleted twice.
        local.execute("DELETE FROM items WHERE id = 7");
        pollUntil(poller, topic, "id", Set.of("3", "4", "7", "21"));
        assertThat(local.read(topic).stream().filter(r -> r.value() == null).count())
                .isEqualTo(4);
    }

    @Test
    void shouldReconcileACompositeTextKeyAndAQueryByItsIncrementingColumn() throws Exception {
        local.execute(
                "CREATE TABLE pairs (region text, code text, last_update timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (region, code))",
                "INSERT INTO pairs (region, code) VALUES ('eu', 'a,b'), ('eu', 'c\"d'), ('us', 'a'), ('us', 'ü')",
                "CREATE TABLE owners (owner_id int PRIMARY KEY, name text NOT NULL,"
                        + " last_update timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO owners (owner_id, name) SELECT g, 'owner ' || g FROM generate_series(1, 5) g");
        Poller poller = local.start(local.pipeline("""
                  - name: pairs
                    tables: pairs
                    topic-prefix: %1$s
                    mode: timestamp
                    timestamp-columns: last_update
                    deletes: {capture: reconcile, reconcile-interval: 1s}
                  - name: owners
                    query: SELECT owner_id, upper(name) AS name, last_update FROM owners
                    topic: %1$sowners
                    mode: timestamp+incrementing
                    timestamp-columns: last_update
                    incrementing-column: owner_id
                    deletes: {capture: reconcile, reconcile-interval: 1s}
                    transforms:
                      - {type: ValueToKey, fields: owner_id}
                """.formatted(local.topicPrefix)));
        LocalPipeline.pollOnce(poller);
        local.execute("DELETE FROM pairs WHERE code IN ('c\"d', 'ü')", "DELETE FROM owners WHERE owner_id = 2");

        pollUntil(poller, local.topicPrefix + "pairs", "code", Set.of("c\"d", "ü"));
        pollUntil(poller, local.topicPrefix + "owners", "owner_id", Set.of("2"));
        assertThat(local.read(local.topicPrefix + "owners").stream()
                        .filter(r -> r.value() == null)
                        .map(r -> r.keyPayload().get("owner_id").asInt())
                        .toList())
                .containsExactly(2);
    }
}
