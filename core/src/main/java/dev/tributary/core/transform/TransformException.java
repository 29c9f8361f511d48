package dev.tributary.core.transform;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.TransformConfig;

/**
 * A transform, or its predicate, that cannot be created as a Kafka Connect worker would create it. It says which
 * transform and what is wrong apart from the message, so that a caller that knows where the transform came from
 * (a connector's {@code transforms.<alias>.*} properties) can name that instead of the pipeline's path.
 */
public final class TransformException extends ConfigException {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Problem {
        /** The transform's class is not one Tributary runs. */
        TRANSFORM_CLASS,
        /** The transform refuses its properties. */
        TRANSFORM_PROPERTIES,
        /** The predicate's class is not one Tributary runs. */
        PREDICATE_CLASS,
        /** The predicate refuses its properties. */
        PREDICATE_PROPERTIES
    }

    private final transient TransformConfig transform;
    private final Problem problem;
    private final String reason;

    TransformException(TransformConfig transform, Problem problem, String reason, String message, Throwable cause) {
        super(message, cause);
        this.transform = transform;
        this.problem = problem;
        this.reason = reason;
    }

    /** The transform at fault (its predicate, for the predicate problems). */
    public TransformConfig transform() {
        return transform;
    }

    public Problem problem() {
        return problem;
    }

    /** Why, without saying where: "Tributary runs Apache Kafka's transforms: …", or what Kafka Connect refused. */
    public String reason() {
        return reason;
    }
}
