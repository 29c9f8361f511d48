package dev.tributary.poller.kafka;

import dev.tributary.core.failure.PipelineFailure.Kind;
import dev.tributary.core.pipeline.KafkaConfig;
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
    public java.time.Duration deliveryTimeout() {
        return config.deliveryTimeout().plusSeconds(5);
    }

    private synchronized void ensureTopic(String topic) {
        if (readyTopics.contains(topic)) {
            return;
        }
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS);
            readyTopics.add(topic);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new DeliveryException(
                        KafkaFailures.kind(e.getCause()),
                        "Cannot check topic " + topic + " because "
                                + e.getCause().getMessage() + KafkaFailures.advice(e.getCause()),
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, "Interrupted while checking topic " + topic, e);
        } catch (TimeoutException e) {
            throw new DeliveryException(Kind.RETRIABLE, "Cannot check topic " + topic + " within 30 s", e);
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
        try {
            admin().createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new DeliveryException(
                        KafkaFailures.kind(e.getCause()),
                        "Cannot create topic " + topic + " because "
                                + e.getCause().getMessage() + KafkaFailures.advice(e.getCause()),
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(Kind.RETRIABLE, "Interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new DeliveryException(Kind.RETRIABLE, "Cannot create topic " + topic + " within 60 s", e);
        }
        readyTopics.add(topic);
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(10));
        }
    }
}
