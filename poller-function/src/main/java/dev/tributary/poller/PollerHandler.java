package dev.tributary.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Lambda entry point of the poller: parses the invocation and hands it to the poller. */
public class PollerHandler implements RequestHandler<PollRequest, PollResponse> {

    @Override
    public PollResponse handleRequest(PollRequest request, Context context) {
        return new PollResponse(request.scheduled() ? "schedule" : "manual", request.sources());
    }
}
