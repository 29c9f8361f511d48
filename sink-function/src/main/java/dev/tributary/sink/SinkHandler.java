package dev.tributary.sink;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;

import dev.tributary.sink.event.MskBatch;

/**
 * Lambda entry point of the sink: an MSK event source mapping batch, written to the lake. An exception fails the
 * invocation, so the event source mapping delivers the batch again; objects are named deterministically, so the
 * retry rewrites them rather than adding duplicates.
 */
public class SinkHandler implements RequestHandler<KafkaEvent, SinkResponse> {

    @Inject
    SinkService sink;

    @Override
    public SinkResponse handleRequest(KafkaEvent event, Context context) {
        return sink.process(MskBatch.records(event));
    }
}
