package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure.Kind;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * How a failed Kafka call is classified, once: what Kafka calls retriable, timeouts and broken connections may pass
 * (a broker restarting, a leader moving); a refused authentication or authorization, an unknown or invalid topic,
 * and a record the broker refuses need someone to change something.
 */
final class KafkaFailures {

    private KafkaFailures() {}

    static Kind kind(Throwable e) {
        return e instanceof RetriableException
                        || e instanceof TimeoutException
                        || e instanceof DisconnectException
                        || e instanceof InterruptException
                        || e instanceof java.util.concurrent.TimeoutException
                        || e instanceof InterruptedException
                ? Kind.RETRIABLE
                : Kind.PERMANENT;
    }

    /** What to do about a permanent failure, for the message; empty when there is nothing specific to say. */
    static String advice(Throwable e) {
        if (e instanceof AuthenticationException) {
            return "; check kafka.auth and the poller's credentials for the cluster";
        }
        if (e instanceof AuthorizationException) {
            return "; allow the poller's role to describe, create and write the topic (kafka-cluster:DescribeTopic,"
                    + " CreateTopic, WriteData on MSK)";
        }
        return "";
    }
}
