package dev.tributary.catalog.glue;

import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.failure.PipelineFailure.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionFailureEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The Glue Data Catalog, as the catalog function uses it. Each call is translated here: a missing entity becomes
 * an empty result, an existing one a no-op, a concurrent change a signal to re-read and retry; throttling is
 * retried by the SDK with backoff first.
 */
public final class GlueCatalog {

    /** Attempts at a conditional change that concurrent invocations keep beating. */
    public static final int CONFLICT_ATTEMPTS = 10;

    private static final Logger LOG = Logger.getLogger(GlueCatalog.class);
    private static final int BATCH = 100;

    private final GlueClient glue;

    public GlueCatalog(GlueClient glue) {
        this.glue = glue;
    }

    /** Creates the database; fine if it exists. */
    public void createDatabase(String database) {
        call("create database " + database, () -> {
            try {
                glue.createDatabase(b -> b.databaseInput(
                        d -> d.name(database).description("The lake's tables, kept by Tributary's catalog")));
            } catch (AlreadyExistsException e) {
                LOG.debugf("Database %s exists", database);
            }
            return null;
        });
    }

    public boolean databaseExists(String database) {
        return call("read database " + database, () -> {
            try {
                glue.getDatabase(b -> b.name(database));
                return true;
            } catch (EntityNotFoundException e) {
                return false;
            }
        });
    }

    public Optional<Table> table(String database, String name) {
        return call("read table " + database + "." + name, () -> {
            try {
                return Optional.of(
                        glue.getTable(b -> b.databaseName(database).name(name)).table());
            } catch (EntityNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** Creates a table; returns false if another invocation created it first. */
    public boolean createTable(String database, TableInput table) {
        return call("create table " + database + "." + table.name(), () -> {
            try {
                glue.createTable(b -> b.databaseName(database).tableInput(table));
                return true;
            } catch (AlreadyExistsException e) {
                return false;
            }
        });
    }

    /** Replaces a table's definition, if it is still at {@code versionId}; returns false if it changed since. */
    public boolean updateTable(String database, TableInput table, String versionId) {
        return call("update table " + database + "." + table.name(), () -> {
            try {
                glue.updateTable(b -> b.databaseName(database)
                        .tableInput(table)
                        .versionId(versionId)
                        .skipArchive(true));
                return true;
            } catch (ConcurrentModificationException e) {
                return false;
            }
        });
    }

    /**
     * Creates partitions, in batches of 100; partitions that exist already count as created.
     *
     * @return how many did not exist before
     */
    public int createPartitions(String database, String table, List<PartitionInput> partitions) {
        int created = 0;
        for (int from = 0; from < partitions.size(); from += BATCH) {
            List<PartitionInput> batch = partitions.subList(from, Math.min(partitions.size(), from + BATCH));
            BatchCreatePartitionResponse response = call(
                    "create partitions of " + database + "." + table,
                    () -> glue.batchCreatePartition(
                            b -> b.databaseName(database).tableName(table).partitionInputList(batch)));
            List<String> failures = new ArrayList<>();
            Kind kind = Kind.RETRIABLE;
            int existing = 0;
            for (PartitionError error : response.errors()) {
                String code =
                        error.errorDetail() == null ? "" : error.errorDetail().errorCode();
                if ("AlreadyExistsException".equals(code)) {
                    existing++;
                } else {
                    kind = worse(kind, AwsFailures.kindOfCode(code));
                    failures.add(error.partitionValues() + ": " + code + " "
                            + (error.errorDetail() == null
                                    ? ""
                                    : error.errorDetail().errorMessage()));
                }
            }
            if (!failures.isEmpty()) {
                throw new CatalogException(
                        kind, "Cannot create partitions of " + database + "." + table + ": " + failures, null);
            }
            created += batch.size() - existing;
        }
        return created;
    }

    /**
     * Replaces the partitions of a table that {@code change} changes, reading them page by page and writing them in
     * batches of 100 (BatchUpdatePartition). A partition deleted meanwhile is not counted, and a table deleted
     * meanwhile has no partitions to replace.
     *
     * @param change the partition's new definition, or empty to leave it as it is
     * @return how many partitions were replaced
     */
    public int updatePartitions(String database, String table, Function<Partition, Optional<PartitionInput>> change) {
        int updated = 0;
        List<PartitionInput> pending = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            GetPartitionsResponse page = call("read partitions of " + database + "." + table, () -> {
                try {
                    return glue.getPartitions(
                            b -> b.databaseName(database).tableName(table).nextToken(from));
                } catch (EntityNotFoundException e) {
                    return null;
                }
            });
            if (page == null) {
                break;
            }
            for (Partition partition : page.partitions()) {
                change.apply(partition).ifPresent(pending::add);
                if (pending.size() == BATCH) {
                    updated += replacePartitions(database, table, pending);
                    pending.clear();
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        if (!pending.isEmpty()) {
            updated += replacePartitions(database, table, pending);
        }
        return updated;
    }

    /** One BatchUpdatePartition of at most 100 partitions; returns how many were replaced. */
    private int replacePartitions(String database, String table, List<PartitionInput> partitions) {
        List<BatchUpdatePartitionRequestEntry> entries = partitions.stream()
                .map(p -> BatchUpdatePartitionRequestEntry.builder()
                        .partitionValueList(p.values())
                        .partitionInput(p)
                        .build())
                .toList();
        BatchUpdatePartitionResponse response = call(
                "update partitions of " + database + "." + table,
                () -> glue.batchUpdatePartition(
                        b -> b.databaseName(database).tableName(table).entries(entries)));
        List<String> failures = new ArrayList<>();
        int gone = 0;
        Kind kind = Kind.RETRIABLE;
        for (BatchUpdatePartitionFailureEntry error : response.errors()) {
            String code = error.errorDetail() == null ? "" : error.errorDetail().errorCode();
            if ("EntityNotFoundException".equals(code)) {
                gone++;
            } else {
                kind = worse(kind, AwsFailures.kindOfCode(code));
                failures.add(error.partitionValueList() + ": " + code + " "
                        + (error.errorDetail() == null
                                ? ""
                                : error.errorDetail().errorMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw new CatalogException(
                    kind, "Cannot update partitions of " + database + "." + table + ": " + failures, null);
        }
        return entries.size() - gone;
    }

    /** What {@link #putView} did. */
    public enum ViewOutcome {
        /** The view was created or replaced. */
        WRITTEN,
        /** The view was already this one, or one built from a newer version of its table. */
        UNCHANGED,
        /** A table or view that Tributary did not create has the name; it is left alone. */
        FOREIGN
    }

    /**
     * Creates or replaces a view built by {@link CurrentStateView}. Concurrent invocations may build views from
     * different versions of the table: the view records the version it was built from and is only replaced by one
     * built from the same or a newer version, each replacement conditional on the view's own version.
     */
    public ViewOutcome putView(String database, TableInput view) {
        long version = CurrentStateView.tableVersion(view.parameters());
        for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
            Optional<Table> existing = table(database, view.name());
            if (existing.isEmpty()) {
                if (createTable(database, view)) {
                    return ViewOutcome.WRITTEN;
                }
                continue;
            }
            Table current = existing.get();
            if (!CurrentStateView.isOurs(current)) {
                return ViewOutcome.FOREIGN;
            }
            long currentVersion = CurrentStateView.tableVersion(current.parameters());
            if (currentVersion > version
                    || (currentVersion == version && view.viewOriginalText().equals(current.viewOriginalText()))) {
                return ViewOutcome.UNCHANGED;
            }
            if (updateTable(database, view, current.versionId())) {
                return ViewOutcome.WRITTEN;
            }
            backOff(attempt);
        }
        throw new CatalogException(
                Kind.RETRIABLE,
                "Cannot replace view " + database + "." + view.name() + " because it kept changing under "
                        + CONFLICT_ATTEMPTS + " attempts",
                null);
    }

    /**
     * Waits a random time, growing with the attempt, after losing a conditional change to a concurrent invocation,
     * so that the contenders spread out instead of colliding again.
     */
    public static void backOff(int attempt) {
        long bound = Math.min(1_000L, 25L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException(Kind.RETRIABLE, "Interrupted while waiting to retry a catalog change", e);
        }
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            Kind kind = AwsFailures.kind(e);
            String advice = !AwsFailures.accessDenied(e)
                    ? ""
                    : "; allow the catalog's role this Glue action on the catalog, the database and its tables (and,"
                            + " where Lake Formation governs the catalog, grant it there: infra/README.md)";
            throw new CatalogException(kind, "Cannot " + what + " because " + AwsFailures.describe(e) + advice, e);
        }
    }

    /** The less hopeful of two kinds: one permanent failure in a batch makes the batch's failure permanent. */
    private static Kind worse(Kind a, Kind b) {
        return a == Kind.PERMANENT || b == Kind.PERMANENT ? Kind.PERMANENT : Kind.RETRIABLE;
    }
}
