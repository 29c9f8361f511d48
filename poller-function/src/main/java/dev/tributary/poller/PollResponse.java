package dev.tributary.poller;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one poller invocation did.
 *
 * @param trigger {@code schedule} or {@code manual}
 * @param sources the sources the invocation was asked to poll; empty means all
 */
@RegisterForReflection
public record PollResponse(String trigger, List<String> sources) {
}
