package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Headers;

/**
 * Produces a batch and waits until Kafka has acknowledged all of it, so that the caller moves its high-water mark
 * only for durable records. Creates a topic the first time it is used, when allowed.
 */
public final class RecordProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Properties adminProperties;
    private final KafkaConfig config;
    private final Set<String> readyTopics = ConcurrentHashMap.newKeySet();
    private Admin admin;

    public RecordProducer(Properties producerProperties, Properties adminProperties, KafkaConfig config) {
        this.producer = new KafkaProducer<>(producerProperties);
        this.adminProperties = adminProperties;
        this.config = config;
    }

    /**
     * Sends one record of a batch; {@link Acknowledgements#await} tells when the batch has landed.
     *
     * @throws DeliveryException if the topic does not exist and may not be created
     */
    public void send(String topic, byte[] key, byte[] value, Headers headers, Acknowledgements batch) {
        if (!readyTopics.contains(topic)) {
            ensureTopic(topic);
        }
        batch.sent();
        try {
            producer.send(
                    new ProducerRecord<>(topic, null, null, key, value, headers),
                    (metadata, error) -> batch.completed(error));
        } catch (RuntimeException e) {
            batch.completed(e);
            throw new DeliveryException(
                    KafkaFailures.kind(e),
                    "Cannot send a record to topic " + topic + " because " + e.getMessage() + KafkaFailures.advice(e),
                    e);
        }
    }

    /** How long to wait for a batch's acknowledgements: the producer gives up on a record after this. */
    public Duration deliveryTimeout() {
        return config.deliveryTimeout().plusSeconds(5);
    }

    private synchronized void ensureTopic(String topic) {
        if (readyTopics.contains(topic)) {
            return;
        }
        if (await(
                admin().describeTopics(List.of(topic)).allTopicNames(),
                30,
                UnknownTopicOrPartitionException.class,
                "check",
                "checking",
                topic)) {
            readyTopics.add(topic);
            return;
        }
        if (!config.createTopics()) {
            throw new DeliveryException(
                    Kind.PERMANENT,
                    "Cannot produce to topic " + topic + " because it does not"
                            + " exist and kafka.create-topics is false; create it, or allow the poller to",
                    null);
        }
        NewTopic newTopic = new NewTopic(
                topic,
                config.topicPartitions() < 0 ? Optional.empty() : Optional.of(config.topicPartitions()),
                config.topicReplicationFactor() < 0 ? Optional.empty() : Optional.of(config.topicReplicationFactor()));
        await(
                admin().createTopics(List.of(newTopic)).all(),
                60,
                TopicExistsException.class,
                "create",
                "creating",
                topic);
        readyTopics.add(topic);
    }

    /**
     * Waits for an admin call about a topic, classifying its failure.
     *
     * @param tolerated the failure that answers the call (the topic is missing, or exists already)
     * @param verb what the call does, for messages ("check"), and {@code doing} its -ing form
     * @return whether the call succeeded; false when it failed with {@code tolerated}
     */
    private static boolean await(
            KafkaFuture<?> call,
            int seconds,
            Class<? extends Throwable> tolerated,
            String verb,
            String doing,
            String topic) {
        try {
            call.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (tolerated.isInstance(e.getCause())) {
                return false;
            }
            throw new DeliveryException(
                    KafkaFailures.kind(e.getCause()),
                    "Cannot " + verb + " topic " + topic + " because "
                            + e.getCause().getMessage() + KafkaFailures.advice(e.getCause()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, "Interrupted while " + doing + " topic " + topic, e);
        } catch (TimeoutException e) {
            throw new DeliveryException(
                    Kind.RETRIABLE, "Cannot " + verb + " topic " + topic + " within " + seconds + " s", e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
    }
}
