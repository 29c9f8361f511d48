package dev.tributary.poller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The poller function's own settings, from its environment; the pipeline file configures everything else. */
@ConfigMapping(prefix = "tributary")
public interface PollerSettings {

    /** Location of the pipeline file: a path, or an {@code s3://bucket/key} URI. */
    String config();

    /** The poller's timing within an invocation. */
    Poller poller();

    /** Metrics published in CloudWatch's embedded metric format. */
    Metrics metrics();

    /** Where the poller's metrics go. */
    interface Metrics {

        /**
         * Whether each invocation writes its metrics (lag, rows, errors per source) to its log in CloudWatch's
         * embedded metric format.
         */
        @WithDefault("true")
        boolean enabled();

        /** The CloudWatch namespace of the metrics; the template's lag alarm reads {@code LagSeconds} from it. */
        @WithDefault("Tributary")
        String namespace();
    }

    /** Timing of an invocation. */
    interface Poller {

        /**
         * How long before the Lambda deadline the poller stops starting new batches, leaving time to finish the
         * current one, release leases and answer.
         */
        @WithDefault("10s")
        Duration deadlineMargin();

        /**
         * Upper limit of one invocation's polling, whatever the Lambda timeout; absent means until the deadline
         * margin.
         */
        Optional<Duration> maxDuration();

        /**
         * How long a source's lease lasts without renewal; a running invocation renews it every third of this. An
         * invocation that crashed or timed out keeps the next one off its sources for at most this long: keep it
         * shorter than the schedule's period, so that the next scheduled invocation polls.
         */
        @WithDefault("15s")
        Duration leaseDuration();
    }
}
