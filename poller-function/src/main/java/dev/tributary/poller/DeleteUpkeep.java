package dev.tributary.poller;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.database.DeleteLogPruner;
import dev.tributary.poller.reconcile.ReconcileStore;
import dev.tributary.poller.reconcile.Reconciler;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.RowDeletes;
import dev.tributary.poller.source.TableName;
import dev.tributary.poller.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What follows a relation's poll for its deletes, kept for the life of the container: pruning the delete log its
 * mark has passed, and reconciling its keys once their interval has passed.
 */
final class DeleteUpkeep {

    private final PipelineConfig pipeline;
    private final StateStore store;
    private final Map<String, DeleteLogPruner> pruners = new HashMap<>();
    /** Per source and relation: each caches the state's head. */
    private final Map<String, Reconciler> reconcilers = new HashMap<>();

    DeleteUpkeep(PipelineConfig pipeline, StateStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    /** Registers each source's delete logs, so that another source's pruning cannot take entries it has not read. */
    void register(Connection connection, Map<String, List<CaptureTarget>> targets) {
        targets.forEach((name, relations) -> relations.stream()
                .flatMap(t -> t.deletes().loggedTable().stream())
                .forEach(table -> pruner(name).register(connection, table.toString())));
    }

    /** Prunes the relation's delete log up to its mark, then reconciles its keys if due. */
    void afterPoll(String source, RelationPoller relation, PollerConnection connection) throws SQLException {
        Optional<TableName> logged = relation.target().deletes().loggedTable();
        if (logged.isPresent()) {
            pruner(source).prune(connection.get(), logged.get().toString(), relation.markedPosition());
        }
        reconcileIfDue(relation, connection);
    }

    /**
     * The reconciliation of a relation whose deletes are found so; null for other relations.
     */
    Reconciler reconciler(CaptureTarget target) {
        Optional<RowDeletes.Reconciled> reconcile = target.deletes().reconcile();
        if (reconcile.isEmpty()) {
            return null;
        }
        return reconcilers.computeIfAbsent(
                target.source().name() + "#" + target.markKey(),
                k -> new Reconciler(
                        new ReconcileStore(
                                store,
                                target.source().name(),
                                target.markKey(),
                                reconcile.get().key().integer()),
                        reconcile.get().key(),
                        target.source().deletes().reconcileInterval(),
                        pipeline.database().fetchSize()));
    }

    /** The reader of delete logs for one source: the state table and the source name, unique per database. */
    private DeleteLogPruner pruner(String source) {
        return pruners.computeIfAbsent(
                source, s -> new DeleteLogPruner(pipeline.state().table() + "/" + s));
    }

    /** Reconciles a relation's keys once its interval has passed, delivering a delete for each key gone. */
    private void reconcileIfDue(RelationPoller relation, PollerConnection connections) throws SQLException {
        Reconciler reconciler = reconciler(relation.target());
        if (reconciler == null || !reconciler.due(Instant.now())) {
            return;
        }
        Connection connection = connections.get();
        String bound = connections
                .bounds()
                .read(connection, relation.target().source().timestampDelay())
                .literal(true);
        connection.commit();
        RelationPoller deletes = relation.reconciliation(
                relation.target().deletes().reconcile().get().deletes());
        relation.reconciled(reconciler.run(connection, bound, statement -> deletes.deliverOnce(connection, statement)));
    }
}
