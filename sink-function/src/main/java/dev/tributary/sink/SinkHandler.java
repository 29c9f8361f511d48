package dev.tributary.sink;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;

import dev.tributary.core.record.TopicPartition;

/** Lambda entry point of the sink: receives an MSK event source mapping batch. */
public class SinkHandler implements RequestHandler<KafkaEvent, SinkResponse> {

    @Override
    public SinkResponse handleRequest(KafkaEvent event, Context context) {
        Map<TopicPartition, Integer> counts = new TreeMap<>();
        if (event.getRecords() != null) {
            for (Map.Entry<String, List<KafkaEvent.KafkaEventRecord>> entry : event.getRecords().entrySet()) {
                counts.merge(TopicPartition.parse(entry.getKey()), entry.getValue().size(), Integer::sum);
            }
        }
        int records = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new SinkResponse(records, counts.keySet().stream().map(TopicPartition::toString).toList());
    }
}
