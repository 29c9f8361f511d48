package dev.tributary.core.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retriable failure is tried again while the deadline allows; a permanent one is not tried again at all. */
class RetriesTest {

    private final Retries retries = Retries.withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));

    @Test
    void shouldTryARetriableFailureAgainUntilItPasses() {
        AtomicInteger attempts = new AtomicInteger();

        String result =
                retries.untilDeadline("pass on the third attempt", Instant.now().plusSeconds(30), () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw PipelineFailure.retriable("SlowDown (503): Please reduce your request rate", null);
                    }
                    return "written";
                });

        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldNotTryAPermanentFailureAgain() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retries.untilDeadline(
                        "write to a bucket that denies it", Instant.now().plusSeconds(30), () -> {
                            attempts.incrementAndGet();
                            throw PipelineFailure.permanent("AccessDenied (403): Access Denied", null);
                        }))
                .isInstanceOfSatisfying(
                        PipelineFailure.class, f -> assertThat(f.retriable()).isFalse())
                .hasMessage("AccessDenied (403): Access Denied");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldGiveUpWhenNoAttemptFitsBeforeTheDeadline() {
        AtomicInteger attempts = new AtomicInteger();
        // The margin kept before the deadline is a second: with two seconds left, a few quick attempts fit.
        Instant deadline = Instant.now().plusSeconds(2);

        assertThatThrownBy(() -> retries.untilDeadline("write while S3 stays down", deadline, () -> {
                    attempts.incrementAndGet();
                    throw PipelineFailure.retriable("InternalError (500): We encountered an internal error", null);
                }))
                .isInstanceOfSatisfying(
                        PipelineFailure.class, f -> assertThat(f.retriable()).isTrue());
        assertThat(attempts.get()).isGreaterThan(1);
        assertThat(Instant.now()).isBefore(deadline);
    }

    @Test
    void shouldLetOtherExceptionsThrough() {
        assertThatThrownBy(() -> retries.untilDeadline("decode", Instant.now().plusSeconds(30), () -> {
                    throw new IllegalStateException("a bug");
                }))
                .isInstanceOf(IllegalStateException.class);
    }
}
