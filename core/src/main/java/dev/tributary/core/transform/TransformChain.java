package dev.tributary.core.transform;

import dev.tributary.core.pipeline.PredicateConfig;
import dev.tributary.core.pipeline.TransformConfig;
import dev.tributary.core.transform.TransformException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.DropHeaders;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.HeaderFrom;
import org.apache.kafka.connect.transforms.HoistField;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.InsertHeader;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.SetSchemaMetadata;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.TimestampRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.ValueToKey;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.apache.kafka.connect.transforms.predicates.RecordIsTombstone;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;

/**
 * Kafka Connect's own single message transforms and predicates, configured from the pipeline and applied in order,
 * so that a transform behaves exactly as it does in a Connect worker: one with a predicate applies only to the
 * records the predicate matches (or, negated, does not match).
 *
 * <p>Transforms and predicates are created from fixed tables rather than by reflection: only Apache Kafka's are
 * accepted, and the function stays ready for a native build.
 *
 * @param <R> the record type ({@code SourceRecord} in the poller, {@code SinkRecord} in the sink)
 */
public final class TransformChain<R extends ConnectRecord<R>> implements AutoCloseable {

    static final String PACKAGE = "org.apache.kafka.connect.transforms.";
    static final String PREDICATES_PACKAGE = "org.apache.kafka.connect.transforms.predicates.";

    private static final Map<String, Supplier<Transformation<?>>> KNOWN = known();
    private static final Map<String, Supplier<Predicate<?>>> PREDICATES = predicates();
    /** What to use instead of transforms that published connector configurations often name. */
    private static final Map<String, String> INSTEAD = Map.of(
            "io.confluent.connect.transforms.Filter$Value",
            "Filter with a predicate, or a WHERE in a source's query",
            "io.confluent.connect.transforms.Filter$Key",
            "Filter with a predicate, or a WHERE in a source's query",
            "io.confluent.connect.transforms.TombstoneHandler",
            "a sink's null-values (behavior.on.null.values),"
                    + " which ignores, writes or fails on tombstones, or Filter with the predicate RecordIsTombstone",
            "io.debezium.transforms.ExtractNewRecordState",
            "nothing: Debezium's change events are unwrapped where"
                    + " Debezium produces them; Tributary's own records are already the rows");

    private final List<Stage<R>> stages;

    private TransformChain(List<Stage<R>> stages) {
        this.stages = stages;
    }

    /**
     * Creates and configures the transforms and their predicates; each validates its own properties as in Connect.
     *
     * @throws TransformException naming the transform's place in the file and what is wrong with it
     */
    public static <R extends ConnectRecord<R>> TransformChain<R> of(List<TransformConfig> configs) {
        List<Stage<R>> stages = new ArrayList<>();
        try {
            for (TransformConfig config : configs) {
                Transformation<R> transformation = create(config);
                try {
                    Predicate<R> predicate = config.predicate()
                            .map(p -> TransformChain.<R>predicate(config, p))
                            .orElse(null);
                    stages.add(new Stage<>(transformation, predicate, config.negate()));
                } catch (RuntimeException e) {
                    transformation.close();
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            stages.forEach(Stage::close);
            throw e;
        }
        return new TransformChain<>(List.copyOf(stages));
    }

    /** The transform class names accepted in {@code type}, without the package. */
    public static List<String> supported() {
        return List.copyOf(KNOWN.keySet());
    }

    /** The predicate class names accepted in a predicate's {@code type}, without the package. */
    public static List<String> supportedPredicates() {
        return List.copyOf(PREDICATES.keySet());
    }

    /**
     * Applies every transform in order, each whose predicate lets it.
     *
     * @return the transformed record, or null if a transform dropped it (as Filter does)
     */
    public R apply(R record) {
        R current = record;
        for (Stage<R> stage : stages) {
            current = stage.apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public void close() {
        stages.forEach(Stage::close);
    }

    @SuppressWarnings("unchecked")
    private static <R extends ConnectRecord<R>> Transformation<R> create(TransformConfig config) {
        String simple = config.type().startsWith(PACKAGE) ? config.type().substring(PACKAGE.length()) : config.type();
        Supplier<Transformation<?>> factory = KNOWN.get(simple);
        if (factory == null) {
            String instead = INSTEAD.containsKey(config.type())
                    ? "; instead of " + config.type() + ", use " + INSTEAD.get(config.type())
                    : "";
            String choices = String.join(", ", KNOWN.keySet()) + " (with or without the package " + PACKAGE + ")";
            throw new TransformException(
                    config,
                    Problem.TRANSFORM_CLASS,
                    "Tributary runs Apache Kafka's transforms" + " only: " + choices + instead,
                    "Invalid value '" + config.type() + "' for " + config.path()
                            + ".type: must be one of Apache Kafka's transforms: " + choices + instead,
                    null);
        }
        Transformation<R> transformation = (Transformation<R>) factory.get();
        try {
            transformation.configure(Collections.unmodifiableMap(config.properties()));
        } catch (org.apache.kafka.common.config.ConfigException | IllegalArgumentException e) {
            transformation.close();
            throw new TransformException(
                    config,
                    Problem.TRANSFORM_PROPERTIES,
                    e.getMessage(),
                    "Cannot configure" + " transform " + config.path() + " (" + simple + "): " + e.getMessage(),
                    e);
        }
        return transformation;
    }

    /** A predicate of its own for each transform, as Kafka Connect creates them. */
    @SuppressWarnings("unchecked")
    private static <R extends ConnectRecord<R>> Predicate<R> predicate(
            TransformConfig transform, PredicateConfig config) {
        String simple = config.type().startsWith(PREDICATES_PACKAGE)
                ? config.type().substring(PREDICATES_PACKAGE.length())
                : config.type();
        Supplier<Predicate<?>> factory = PREDICATES.get(simple);
        if (factory == null) {
            String choices = String.join(", ", PREDICATES.keySet()) + " (with or without the package "
                    + PREDICATES_PACKAGE + ")";
            throw new TransformException(
                    transform,
                    Problem.PREDICATE_CLASS,
                    "Tributary runs Apache Kafka's" + " predicates only: " + choices,
                    "Invalid value '" + config.type() + "' for " + config.path()
                            + ".type: must be one of Apache Kafka's predicates: " + choices,
                    null);
        }
        Predicate<R> predicate = (Predicate<R>) factory.get();
        try {
            predicate.configure(Collections.unmodifiableMap(config.properties()));
        } catch (org.apache.kafka.common.config.ConfigException | IllegalArgumentException e) {
            predicate.close();
            throw new TransformException(
                    transform,
                    Problem.PREDICATE_PROPERTIES,
                    e.getMessage(),
                    "Cannot"
                            + " configure predicate " + config.path() + " (" + simple + ") of transform "
                            + transform.path()
                            + ": " + e.getMessage(),
                    e);
        }
        return predicate;
    }

    /** A transform and the predicate that decides which records it applies to, as Kafka Connect's stages. */
    private record Stage<R extends ConnectRecord<R>>(
            Transformation<R> transformation, Predicate<R> predicate, boolean negate) {

        R apply(R record) {
            if (predicate == null || negate ^ predicate.test(record)) {
                return transformation.apply(record);
            }
            return record;
        }

        void close() {
            Utils.closeQuietly(transformation, "transformation");
            Utils.closeQuietly(predicate, "predicate");
        }
    }

    private static Map<String, Supplier<Predicate<?>>> predicates() {
        Map<String, Supplier<Predicate<?>>> known = new TreeMap<>();
        known.put("HasHeaderKey", HasHeaderKey::new);
        known.put("RecordIsTombstone", RecordIsTombstone::new);
        known.put("TopicNameMatches", TopicNameMatches::new);
        return Collections.unmodifiableMap(known);
    }

    private static Map<String, Supplier<Transformation<?>>> known() {
        Map<String, Supplier<Transformation<?>>> known = new TreeMap<>();
        known.put("Cast$Key", Cast.Key::new);
        known.put("Cast$Value", Cast.Value::new);
        known.put("DropHeaders", DropHeaders::new);
        known.put("ExtractField$Key", ExtractField.Key::new);
        known.put("ExtractField$Value", ExtractField.Value::new);
        known.put("Filter", Filter::new);
        known.put("Flatten$Key", Flatten.Key::new);
        known.put("Flatten$Value", Flatten.Value::new);
        known.put("HeaderFrom$Key", HeaderFrom.Key::new);
        known.put("HeaderFrom$Value", HeaderFrom.Value::new);
        known.put("HoistField$Key", HoistField.Key::new);
        known.put("HoistField$Value", HoistField.Value::new);
        known.put("InsertField$Key", InsertField.Key::new);
        known.put("InsertField$Value", InsertField.Value::new);
        known.put("InsertHeader", InsertHeader::new);
        known.put("MaskField$Key", MaskField.Key::new);
        known.put("MaskField$Value", MaskField.Value::new);
        known.put("RegexRouter", RegexRouter::new);
        known.put("ReplaceField$Key", ReplaceField.Key::new);
        known.put("ReplaceField$Value", ReplaceField.Value::new);
        known.put("SetSchemaMetadata$Key", SetSchemaMetadata.Key::new);
        known.put("SetSchemaMetadata$Value", SetSchemaMetadata.Value::new);
        known.put("TimestampConverter$Key", TimestampConverter.Key::new);
        known.put("TimestampConverter$Value", TimestampConverter.Value::new);
        known.put("TimestampRouter", TimestampRouter::new);
        known.put("ValueToKey", ValueToKey::new);
        return Collections.unmodifiableMap(known);
    }
}
