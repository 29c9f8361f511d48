package dev.tributary.sink;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tributary.core.failure.Retries;
import dev.tributary.sink.event.InputRecord;
import dev.tributary.sink.event.MskBatch;
import dev.tributary.sink.event.SinkEvent;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Lambda entry point of the sink: an MSK event source mapping batch, written to the lake; or a scheduled maintenance
 * request for its Iceberg tables. A write that may pass (S3
 * throttling, a server error, a dropped connection) is tried again while the invocation has time; then, or at once
 * for a permanent failure (access denied, no such bucket), the invocation fails and the event source mapping
 * delivers the batch again. Objects are named deterministically, so a retry rewrites them rather than adding
 * duplicates.
 */
public class SinkHandler implements RequestHandler<SinkEvent, SinkResponse> {

    private static final Retries RETRIES = Retries.standard();

    @Inject
    SinkService sink;

    @Override
    public SinkResponse handleRequest(SinkEvent event, Context context) {
        Instant deadline = Instant.now().plusMillis(context.getRemainingTimeInMillis());
        if (event != null && event.maintenance() != null) {
            return RETRIES.untilDeadline(
                    "maintain the Iceberg tables",
                    deadline,
                    () -> sink.maintain(event.maintenance().tablesOrAll()));
        }
        List<InputRecord> records = MskBatch.records(event == null ? null : event.kafka());
        return RETRIES.untilDeadline(
                "write a batch of " + records.size() + " records to the lake", deadline, () -> sink.process(records));
    }
}
