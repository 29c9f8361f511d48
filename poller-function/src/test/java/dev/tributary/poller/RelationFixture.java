package dev.tributary.poller;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.poller.capture.UpperBoundReader;
import dev.tributary.poller.database.DatabaseConnector;
import dev.tributary.poller.database.SecretReader;
import dev.tributary.poller.kafka.AsyncSender;
import dev.tributary.poller.kafka.KafkaClientProperties;
import dev.tributary.poller.kafka.RecordProducer;
import dev.tributary.poller.source.CaptureTarget;
import dev.tributary.poller.source.SourceCatalog;
import dev.tributary.poller.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One relation of a test's pipeline with what polling it shares, on the real servers of a {@link LocalPipeline}: the
 * poller's connection, the relation resolved on it, and a {@link PollContext} with a real producer and state store,
 * for tests of the parts of a relation's poll one at a time.
 */
final class RelationFixture implements AutoCloseable {

    private static final SecretReader NO_SECRETS = id -> {
        throw new IllegalStateException("no secrets here");
    };

    final Connection connection;
    final CaptureTarget target;
    final PollContext context;
    private final RecordProducer producer;
    private final AsyncSender sender;
    private final ExecutorService markWriter = Executors.newSingleThreadExecutor();

    private RelationFixture(LocalPipeline local, PipelineConfig pipeline, StateStore store) throws SQLException {
        this.connection = DatabaseConnector.of(pipeline.database(), NO_SECRETS).open();
        this.target = SourceCatalog.of(connection, pipeline.database().timezone())
                .resolve(pipeline.sources().get(0), "sources[0]")
                .get(0);
        this.producer = new RecordProducer(
                KafkaClientProperties.producer(pipeline.kafka(), NO_SECRETS),
                KafkaClientProperties.common(pipeline.kafka(), NO_SECRETS),
                pipeline.kafka());
        this.sender = new AsyncSender(producer);
        this.context = new PollContext(
                producer,
                sender,
                store,
                markWriter,
                UpperBoundReader.of(connection, pipeline.database().inFlightGuard()),
                pipeline.kafka().deadLetterTopic(),
                pipeline.database().fetchSize(),
                pipeline.database().timezone(),
                Instant.MAX);
        // Resolving read the catalog: end its transaction, so that a test's ALTER TABLE is not kept waiting.
        connection.commit();
    }

    /** The first relation of the sources, with the slice's state table. */
    static RelationFixture of(LocalPipeline local, String sources) throws SQLException {
        return new RelationFixture(local, local.pipeline(sources), local.store());
    }

    @Override
    public void close() throws SQLException {
        sender.close();
        markWriter.shutdown();
        producer.close();
        connection.close();
    }
}
