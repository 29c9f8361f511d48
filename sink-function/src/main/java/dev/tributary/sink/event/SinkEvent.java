package dev.tributary.sink.event;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * What the sink function is invoked with: a Kafka event source mapping batch (MSK or self-managed Kafka), or a
 * maintenance request for its Iceberg tables, which a schedule sends: {@code {"maintenance": {}}}.
 *
 * @param eventSource the batch's source, {@code aws:kafka} or {@code SelfManagedKafka}
 * @param eventSourceArn the cluster's ARN
 * @param bootstrapServers the cluster's bootstrap servers
 * @param records the batch's records, by topic partition
 * @param maintenance a maintenance request, or null for a batch
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SinkEvent(
        String eventSource,
        String eventSourceArn,
        String bootstrapServers,
        Map<String, List<KafkaEvent.KafkaEventRecord>> records,
        Maintenance maintenance) {

    /**
     * Maintenance of the Iceberg tables: every table of every sink of format iceberg, or those named.
     *
     * @param tables the tables to maintain, as {@code database.table}; empty or absent: all
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Maintenance(List<String> tables) {

        public List<String> tablesOrAll() {
            return tables == null ? List.of() : tables;
        }
    }

    /** The batch, as the event source mapping's event. */
    public KafkaEvent kafka() {
        KafkaEvent event = new KafkaEvent();
        event.setEventSource(eventSource);
        event.setEventSourceArn(eventSourceArn);
        event.setBootstrapServers(bootstrapServers);
        event.setRecords(records);
        return event;
    }
}
