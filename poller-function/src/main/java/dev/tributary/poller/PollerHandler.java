package dev.tributary.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.poller.metrics.PollMetrics;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Lambda entry point of the poller: works out the time budget from the invocation's deadline and hands the
 * request to the {@link Poller}. An invocation in which a source failed fails too, after returning its leases, so
 * that Lambda's error metrics and EventBridge's retries see it; its summary is in the error message.
 */
public class PollerHandler implements RequestHandler<PollRequest, PollResponse> {

    private static final Duration ANSWER_TIME = Duration.ofSeconds(1);

    @Inject
    Poller poller;

    @Inject
    PollerSettings settings;

    @Inject
    ObjectMapper json;

    @Override
    public PollResponse handleRequest(PollRequest request, Context context) {
        Instant now = Instant.now();
        Instant deadline = now.plusMillis(Math.max(0, context.getRemainingTimeInMillis()));
        Instant budgetEnd = deadline.minus(settings.poller().deadlineMargin());
        if (settings.poller().maxDuration().isPresent()) {
            Instant limit = now.plus(settings.poller().maxDuration().get());
            budgetEnd = limit.isBefore(budgetEnd) ? limit : budgetEnd;
        }
        // A second to answer, release the leases and write the metrics. A context without time left (an invocation
        // outside Lambda, such as a test's) has no deadline to keep.
        Instant answerBy = context.getRemainingTimeInMillis() > 0 ? deadline.minus(ANSWER_TIME) : Instant.MAX;
        PollResponse response = poller.poll(request, context.getAwsRequestId(), budgetEnd, answerBy);
        if (settings.metrics().enabled()) {
            // Lambda sends stdout to CloudWatch Logs, which reads each of these lines as metrics.
            PollMetrics.lines(response, settings.metrics().namespace(), Instant.now())
                    .forEach(System.out::println);
        }
        if (response.sources().stream().anyMatch(s -> s.error() != null)) {
            throw new PollFailedException("A source failed to poll: " + summary(response));
        }
        return response;
    }

    private String summary(PollResponse response) {
        try {
            return json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            return response.toString();
        }
    }

    /** An invocation in which at least one source failed. */
    public static final class PollFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PollFailedException(String message) {
            super(message);
        }
    }
}
