package dev.tributary.local;

import static org.awaitility.Awaitility.await;

import dev.tributary.localstack.LambdaFunction;
import dev.tributary.localstack.fault.Answer;
import dev.tributary.localstack.fault.Fault;
import dev.tributary.localstack.fault.FaultProxy;
import dev.tributary.localstack.fault.ProxiedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The faults the suite injects, each as one phase: what it does, and how. Faults that happen at a moment (a sandbox
 * killed, a server restarted) wait for that moment on something observable (an invocation running, a request held
 * at the wire), never on a clock; faults that last (error answers, slow answers) stay for the phase's window.
 */
final class Injections {

    /** Injections of a momentary fault a phase makes at least, however long they take. */
    private static final int AT_LEAST = 2;
    /** How long one injection may wait for its moment. */
    private static final Duration MOMENT = Duration.ofSeconds(30);

    private Injections() {}

    /** One phase's fault: injects it until {@code until} and returns how many times it did. */
    interface Injector {
        long inject(FaultSuite suite, Instant until) throws Exception;
    }

    /** A fault, named as the report names it. */
    record Injection(String name, Injector injector) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Injection> all() {
        return List.of(
                new Injection("none (baseline)", (suite, until) -> 0),
                new Injection("kill -9 poller mid-batch", Injections::killPollerMidBatch),
                new Injection("kill -9 poller between produce and mark write", Injections::killPollerBeforeMark),
                new Injection("poller timeout mid-batch", Injections::timeOutPoller),
                new Injection("kill -9 sink mid-upload", Injections::killSinkMidUpload),
                new Injection("kill -9 catalog mid-registration", Injections::killCatalogMidRegistration),
                new Injection("Kafka broker restarted mid-poll", Injections::restartKafkaMidPoll),
                new Injection("Kafka broker crashed mid-consume", Injections::crashKafkaMidConsume),
                new Injection("PostgreSQL connections dropped mid-query", Injections::dropPostgresConnections),
                new Injection("PostgreSQL restarted", Injections::restartPostgres),
                new Injection("S3 answers 500 and 503", Injections::s3Errors),
                new Injection("S3 answers slowly", Injections::s3Slow),
                new Injection("S3 denies the sink's writes (permanent), until fixed", Injections::s3AccessDenied),
                new Injection("DynamoDB throttles", Injections::dynamoThrottling),
                new Injection("DynamoDB conditional-check races", Injections::conditionalCheckRaces),
                new Injection("Glue fails", Injections::glueErrors));
    }

    private static long killPollerMidBatch(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction poller = suite.run.functions.poller;
        return repeat(until, () -> afterABatch(suite, poller::killSandbox));
    }

    private static long killPollerBeforeMark(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction poller = suite.run.functions.poller;
        return repeat(until, () -> held(suite.proxies.dynamoDb, FaultSuite::isMarkWrite, poller::killSandbox));
    }

    private static long timeOutPoller(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction poller = suite.run.functions.poller;
        return repeat(
                until,
                () -> held(suite.proxies.dynamoDb, FaultSuite::isMarkWrite, () -> {
                    // The mark write hangs until Lambda's timeout ends the invocation and its sandbox.
                    long coldStarts = poller.coldStarts();
                    return moment(() -> !poller.invoking() || poller.coldStarts() > coldStarts, Duration.ofSeconds(40));
                }));
    }

    private static long killSinkMidUpload(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction sink = suite.run.functions.sink;
        return repeat(
                until,
                () -> held(
                        suite.proxies.s3,
                        r -> r.method().equals("PUT") && r.target().contains("/topics/"),
                        sink::killSandbox));
    }

    private static long killCatalogMidRegistration(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction catalog = suite.run.functions.catalog;
        return repeat(
                until,
                () -> held(
                        suite.proxies.glue,
                        r -> r.operation()
                                .matches(
                                        "AWSGlue\\.(CreateTable|UpdateTable|CreatePartition|BatchCreatePartition|BatchUpdatePartition)"),
                        catalog::killSandbox));
    }

    private static long restartKafkaMidPoll(FaultSuite suite, Instant until) throws Exception {
        return repeat(
                until,
                () -> afterABatch(suite, () -> {
                    suite.stack().restartKafka(false);
                    return true;
                }));
    }

    private static long crashKafkaMidConsume(FaultSuite suite, Instant until) throws Exception {
        LambdaFunction sink = suite.run.functions.sink;
        return repeat(until, () -> {
            if (!moment(sink::invoking)) {
                return false;
            }
            suite.stack().restartKafka(true);
            return true;
        });
    }

    private static long dropPostgresConnections(FaultSuite suite, Instant until) throws Exception {
        return repeat(
                until,
                () -> duringAnotherPoll(suite, () -> {
                    // Ends the poller's sessions in the middle of whatever they run, as a failover or an idle timeout
                    // does.
                    try (Connection admin = suite.admin();
                            Statement statement = admin.createStatement();
                            ResultSet rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM"
                                    + " pg_stat_activity WHERE application_name = 'tributary-poller'")) {
                        rs.next();
                        return rs.getInt(1) > 0;
                    }
                }));
    }

    private static long restartPostgres(FaultSuite suite, Instant until) throws Exception {
        return repeat(
                until,
                () -> duringAnotherPoll(suite, () -> {
                    suite.stack().restartPostgres();
                    return true;
                }));
    }

    private static long s3Errors(FaultSuite suite, Instant until) throws Exception {
        return lasting(
                until,
                List.of(
                        suite.proxies.s3.answer(
                                "503", r -> true, 0.4, Answer.s3(503, "SlowDown", "Please reduce your request rate.")),
                        suite.proxies.s3.answer(
                                "500",
                                r -> true,
                                0.2,
                                Answer.s3(
                                        500, "InternalError", "We encountered an internal error. Please try again."))));
    }

    private static String sinkLog(FaultSuite suite) {
        try {
            return Files.readString(suite.run.functions.sink.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the sink's log", e);
        }
    }

    private static long s3Slow(FaultSuite suite, Instant until) throws Exception {
        return lasting(until, List.of(suite.proxies.s3.delay("slow", r -> true, 0.5, Duration.ofMillis(1500))));
    }

    /**
     * A permanent failure: the bucket policy denies the sink's writes for a while (someone fixes it then). The sink
     * fails each batch at once, saying what to change, instead of retrying within the invocation; the event source
     * mapping retries the batch with backoff, and once the writes are allowed again the batch goes through.
     */
    private static long s3AccessDenied(FaultSuite suite, Instant until) throws Exception {
        long denied = lasting(
                until,
                List.of(suite.proxies.s3.answer(
                        "denied",
                        r -> r.method().equals("PUT") && r.target().contains("/topics/"),
                        1,
                        Answer.s3(403, "AccessDenied", "Access Denied"))));
        // The last denial may have been answered just now: the sink logs it once its call has failed.
        if (denied > 0
                && !moment(() -> {
                    String log = sinkLog(suite);
                    return log.contains("trying again cannot help (permanent)")
                            && log.contains("allow the sink's role s3:PutObject");
                })) {
            String log = sinkLog(suite);
            throw new AssertionError("The sink did not report the denied writes as permanent, with what to do;"
                    + " its log:\n" + log.substring(Math.max(0, log.length() - 3000)));
        }
        return denied;
    }

    private static long dynamoThrottling(FaultSuite suite, Instant until) throws Exception {
        return lasting(
                until,
                List.of(
                        suite.proxies.dynamoDb.answer(
                                "throttling",
                                r -> true,
                                0.3,
                                Answer.dynamoDb(
                                        400,
                                        "ThrottlingException",
                                        "Rate of requests exceeds the allowed throughput.")),
                        suite.proxies.dynamoDb.answer(
                                "provisioned",
                                r -> true,
                                0.2,
                                Answer.dynamoDb(
                                        400,
                                        "ProvisionedThroughputExceededException",
                                        "The level of configured provisioned throughput"
                                                + " for the table was exceeded."))));
    }

    /**
     * Real races: a second poller sandbox invoked again and again beside the scheduled one, so that both try to take
     * the same leases and move the same marks; and at the wire, mark writes refused, or applied with the answer
     * lost, as when the item changed under them.
     */
    private static long conditionalCheckRaces(FaultSuite suite, Instant until) throws Exception {
        Answer conflict = Answer.dynamoDb(400, "ConditionalCheckFailedException", "The conditional request failed");
        List<Fault> faults = List.of(
                suite.proxies.dynamoDb.answer("refused", FaultSuite::isMarkWrite, 0.2, conflict),
                suite.proxies.dynamoDb.applyThenAnswer("applied, answer lost", FaultSuite::isMarkWrite, 0.2, conflict));
        AtomicInteger concurrent = new AtomicInteger();
        AtomicBoolean racing = new AtomicBoolean(true);
        try (LambdaFunction second = suite.run.functions.concurrentPoller("tributary-poller-concurrent")) {
            CompletableFuture<Void> invoking = CompletableFuture.runAsync(() -> {
                while (racing.get()) {
                    try {
                        second.invoke(PollerSchedule.scheduledEventNow());
                    } catch (RuntimeException e) {
                        // A failed invocation is one of the outcomes the race may have.
                    }
                    concurrent.incrementAndGet();
                }
            });
            long applied = lasting(until, faults);
            racing.set(false);
            invoking.join();
            return applied + concurrent.get();
        }
    }

    private static long glueErrors(FaultSuite suite, Instant until) throws Exception {
        return lasting(
                until,
                List.of(
                        suite.proxies.glue.answer(
                                "500",
                                r -> true,
                                0.3,
                                Answer.json(500, "InternalServiceException", "Internal service error")),
                        suite.proxies.glue.answer(
                                "throttling", r -> true, 0.2, Answer.json(400, "ThrottlingException", "Rate exceeded")),
                        suite.proxies.glue.drop("drop", r -> true, 0.1)));
    }

    /**
     * Injects a fault once a batch has landed (its mark was just written) while the poller's invocation goes on,
     * reading the next; returns whether it did.
     */
    private static boolean afterABatch(FaultSuite suite, Callable<Boolean> fault) throws Exception {
        LambdaFunction poller = suite.run.functions.poller;
        long writes = suite.marks.writes();
        return moment(() -> suite.marks.writes() > writes && poller.invoking()) && fault.call();
    }

    /** Injects a fault during the poller's next invocation; returns whether it did. */
    private static boolean duringAnotherPoll(FaultSuite suite, Callable<Boolean> fault) throws Exception {
        LambdaFunction poller = suite.run.functions.poller;
        long invocations = poller.invocations();
        return moment(() -> poller.invocations() > invocations && poller.invoking()) && fault.call();
    }

    /**
     * Holds the next request that matches at the wire, does {@code meanwhile}, then drops the held request (its
     * sender is gone, or timed out). Returns whether {@code meanwhile} happened.
     */
    private static boolean held(FaultProxy proxy, Predicate<ProxiedRequest> matching, BooleanSupplier meanwhile) {
        Fault hold = proxy.hold("hold", matching);
        try {
            return moment(hold::holding) && meanwhile.getAsBoolean();
        } finally {
            hold.remove();
        }
    }

    /**
     * Leaves lasting faults in place until {@code until}, and longer (up to {@link #MOMENT} more) until they changed
     * at least one request: a fault that only some requests meet may find none in a short window. Returns how many
     * requests they changed.
     */
    private static long lasting(Instant until, List<Fault> faults) {
        try {
            moment(
                    () -> !Instant.now().isBefore(until),
                    Duration.between(Instant.now(), until).plusSeconds(1));
            moment(() -> faults.stream().mapToLong(Fault::applied).sum() > 0);
        } finally {
            faults.forEach(Fault::remove);
        }
        return faults.stream().mapToLong(Fault::applied).sum();
    }

    /**
     * Injects a momentary fault again and again until {@code until}, and at least {@value #AT_LEAST} times (as long
     * as its moments keep coming).
     */
    private static long repeat(Instant until, Callable<Boolean> once) throws Exception {
        long injected = 0;
        Instant hardStop = until.plus(MOMENT.multipliedBy(2));
        while ((Instant.now().isBefore(until) || injected < AT_LEAST)
                && Instant.now().isBefore(hardStop)) {
            if (once.call()) {
                injected++;
            }
        }
        return injected;
    }

    private static boolean moment(BooleanSupplier condition) {
        return moment(condition, MOMENT);
    }

    /** Waits for a condition; false if it does not come within {@code atMost}. */
    private static boolean moment(BooleanSupplier condition, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
