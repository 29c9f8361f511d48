package dev.tributary.local;

import dev.tributary.localstack.sample.PagilaSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent writers on the Pagila tables, as an application writes them: short transactions inserting, updating
 * and deleting addresses, cities and countries (keys deleted and inserted again among them), and long ones (a fifth of them) that stay open for up to two seconds before they
 * commit, so that rows stamped earlier commit later (Pagila's trigger stamps {@code last_update} with the
 * transaction's start). A writer whose connection breaks (the server restarting, its session ended) connects again
 * and goes on: what was not committed never happened, and PostgreSQL alone says what the lake must hold.
 */
final class Workload implements AutoCloseable {

    private final Callable<Connection> connections;
    private final int writers;
    private final boolean softDeletes;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Counted down when the writers are told to stop: a writer backing off wakes up at once. */
    private volatile CountDownLatch stopping = new CountDownLatch(1);

    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    Workload(Callable<Connection> connections, int writers) {
        this(connections, writers, false);
    }

    /**
     * @param softDeletes whether rows are deleted by setting their deleted_at column (and undeleted by clearing it)
     *     rather than removed
     */
    Workload(Callable<Connection> connections, int writers, boolean softDeletes) {
        this.connections = connections;
        this.writers = writers;
        this.softDeletes = softDeletes;
    }

    /** Starts the writers. */
    synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        stopping = new CountDownLatch(1);
        threads.clear();
        for (int i = 0; i < writers; i++) {
            long seed = System.nanoTime() + i;
            Thread thread = new Thread(() -> write(new Random(seed)), "workload-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the writers and waits until each has ended its transaction. */
    synchronized void stop() throws InterruptedException {
        running.set(false);
        stopping.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("Workload writer " + thread.getName() + " did not stop");
            }
        }
        threads.clear();
    }

    /** Transactions committed so far. */
    long committed() {
        return committed.get();
    }

    /** Transactions that failed (their connection broke): they changed nothing. */
    long failed() {
        return failed.get();
    }

    private void write(Random random) {
        Connection connection = null;
        while (running.get()) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = connections.call();
                    connection.setAutoCommit(false);
                }
                transaction(connection, random);
                connection.commit();
                committed.incrementAndGet();
            } catch (SQLException e) {
                failed.incrementAndGet();
                String state = String.valueOf(e.getSQLState());
                if (state.startsWith("23") || state.startsWith("40")) {
                    // A foreign key a concurrent writer just used, a deadlock: this transaction changed nothing.
                    rollbackQuietly(connection);
                    continue;
                }
                closeQuietly(connection);
                connection = null;
                if (running.get()) {
                    backOff();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
                closeQuietly(connection);
                connection = null;
                if (running.get()) {
                    // A broken connection or a restarting server: back off a little before connecting again.
                    backOff();
                }
            }
        }
        closeQuietly(connection);
    }

    private void transaction(Connection connection, Random random) throws SQLException {
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int choice = random.nextInt(100);
            if (choice < 35) {
                execute(
                        connection,
                        "UPDATE address SET district = ?, phone = ? WHERE address_id = (SELECT address_id"
                                + " FROM address ORDER BY random() LIMIT 1)",
                        PagilaSample.district(random),
                        phone(random));
            } else if (choice < 50) {
                // Now and then a district the lake has no partition for yet: the catalog registers one.
                execute(
                        connection,
                        "INSERT INTO address (address, district, city_id, postal_code, phone) SELECT ?, ?,"
                                + " city_id, ?, ? FROM city ORDER BY random() LIMIT 1",
                        random.nextInt(2000) + " Fault Lane",
                        random.nextInt(4) == 0 ? "District " + random.nextInt(100_000) : PagilaSample.district(random),
                        String.format("%05d", random.nextInt(100_000)),
                        phone(random));
            } else if (choice < 60) {
                delete(connection, "address", "address_id", "true");
            } else if (choice < 64) {
                // A key deleted and inserted again: in this transaction, or one deleted earlier by any writer.
                if (softDeletes) {
                    execute(
                            connection,
                            "UPDATE address SET deleted_at = now() WHERE address_id = (SELECT min(address_id)"
                                    + " FROM address WHERE deleted_at IS NULL)");
                    execute(
                            connection,
                            "UPDATE address SET deleted_at = NULL, address = 'Again ' || address WHERE"
                                    + " address_id = (SELECT address_id FROM address WHERE deleted_at IS NOT NULL ORDER BY"
                                    + " random() LIMIT 1)");
                } else {
                    execute(
                            connection,
                            "WITH gone AS (DELETE FROM address WHERE address_id = (SELECT address_id FROM"
                                    + " address ORDER BY random() LIMIT 1) RETURNING *) INSERT INTO address (address_id,"
                                    + " address, district, city_id, postal_code, phone) SELECT address_id, 'Again ' || address,"
                                    + " district, city_id, postal_code, ? FROM gone",
                            phone(random));
                    execute(
                            connection,
                            "INSERT INTO address (address_id, address, district, city_id, postal_code,"
                                    + " phone) SELECT g, 'Returned', 'QLD', (SELECT min(city_id) FROM city), '00000', ? FROM"
                                    + " generate_series(1, (SELECT max(address_id) FROM address)) g WHERE NOT EXISTS (SELECT"
                                    + " FROM address WHERE address_id = g) ORDER BY random() LIMIT 1 ON CONFLICT DO NOTHING",
                            phone(random));
                }
            } else if (choice < 76) {
                execute(
                        connection,
                        "UPDATE city SET city = ? WHERE city_id = (SELECT city_id FROM city ORDER BY"
                                + " random() LIMIT 1)",
                        "Renamed " + random.nextInt(1_000_000));
            } else if (choice < 84) {
                execute(
                        connection,
                        "INSERT INTO city (city, country_id) SELECT ?, country_id FROM country ORDER BY"
                                + " random() LIMIT 1",
                        "New City " + random.nextInt(1_000_000));
            } else if (choice < 89) {
                // Only a city no address refers to; a concurrent insert referring to it fails this transaction.
                delete(connection, "city", "city_id", "NOT EXISTS (SELECT FROM address a WHERE a.city_id = c.city_id)");
            } else if (choice < 96) {
                execute(
                        connection,
                        "UPDATE country SET country = ? WHERE country_id = (SELECT country_id FROM country"
                                + " ORDER BY random() LIMIT 1)",
                        "Country " + random.nextInt(1_000_000));
            } else if (choice < 98) {
                execute(connection, "INSERT INTO country (country) VALUES (?)", "Land " + random.nextInt(1_000_000));
            } else {
                delete(
                        connection,
                        "country",
                        "country_id",
                        "NOT EXISTS (SELECT FROM city WHERE city.country_id =" + " c.country_id)");
            }
        }
        if (random.nextInt(5) == 0) {
            // A long transaction: it commits after others that started after it.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_sleep(" + (0.3 + random.nextDouble() * 1.7) + ")");
            }
        }
    }

    /** Deletes a random row meeting {@code condition} (over alias c): removes it, or marks it deleted. */
    private void delete(Connection connection, String table, String key, String condition) throws SQLException {
        if (softDeletes) {
            execute(
                    connection,
                    "UPDATE " + table + " SET deleted_at = now() WHERE " + key + " = (SELECT " + key + " FROM " + table
                            + " WHERE deleted_at IS NULL ORDER BY random() LIMIT 1)");
        } else {
            execute(
                    connection,
                    "DELETE FROM " + table + " WHERE " + key + " = (SELECT c." + key + " FROM " + table + " c WHERE "
                            + condition + " ORDER BY random() LIMIT 1)");
        }
    }

    private static void execute(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private static String phone(Random random) {
        return Long.toString(10_000_000_000L + random.nextInt(1_000_000_000));
    }

    /** Waits a fifth of a second before connecting again, or until the workload stops. */
    private void backOff() {
        try {
            stopping.await(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The next transaction finds out whether the connection still works.
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Broken already.
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
