package dev.tributary.core.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

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

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.TransformConfig;

/**
 * Kafka Connect's own single message transforms, configured from the pipeline and applied in order, so that a
 * transform behaves exactly as it does in a Connect worker.
 *
 * <p>Transforms are created from a fixed table rather than by reflection: only Apache Kafka's transforms are
 * accepted, and the function stays ready for a native build.
 *
 * @param <R> the record type ({@code SourceRecord} in the poller, {@code SinkRecord} in the sink)
 */
public final class TransformChain<R extends ConnectRecord<R>> implements AutoCloseable {

    static final String PACKAGE = "org.apache.kafka.connect.transforms.";

    private static final Map<String, Supplier<Transformation<?>>> KNOWN = known();

    private final List<Transformation<R>> transformations;

    private TransformChain(List<Transformation<R>> transformations) {
        this.transformations = transformations;
    }

    /**
     * Creates and configures the transforms; each validates its own properties as in Connect.
     *
     * @throws ConfigException naming the transform's place in the file and what Connect rejected
     */
    public static <R extends ConnectRecord<R>> TransformChain<R> of(List<TransformConfig> configs) {
        List<Transformation<R>> transformations = new ArrayList<>();
        try {
            for (TransformConfig config : configs) {
                transformations.add(create(config));
            }
        } catch (RuntimeException e) {
            transformations.forEach(Transformation::close);
            throw e;
        }
        return new TransformChain<>(List.copyOf(transformations));
    }

    /** The transform class names accepted in {@code type}, without the package. */
    public static List<String> supported() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * Applies every transform in order.
     *
     * @return the transformed record, or null if a transform dropped it (as Filter does)
     */
    public R apply(R record) {
        R current = record;
        for (Transformation<R> transformation : transformations) {
            current = transformation.apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    public boolean isEmpty() {
        return transformations.isEmpty();
    }

    @Override
    public void close() {
        transformations.forEach(Transformation::close);
    }

    @SuppressWarnings("unchecked")
    private static <R extends ConnectRecord<R>> Transformation<R> create(TransformConfig config) {
        String simple = config.type().startsWith(PACKAGE) ? config.type().substring(PACKAGE.length()) : config.type();
        Supplier<Transformation<?>> factory = KNOWN.get(simple);
        if (factory == null) {
            throw ConfigException.invalid(config.path() + ".type", config.type(),
                    "must be one of Apache Kafka's transforms: " + String.join(", ", KNOWN.keySet())
                            + " (with or without the package " + PACKAGE + ")");
        }
        Transformation<R> transformation = (Transformation<R>) factory.get();
        try {
            transformation.configure(Collections.unmodifiableMap(config.properties()));
        } catch (org.apache.kafka.common.config.ConfigException | IllegalArgumentException e) {
            transformation.close();
            throw new ConfigException("Cannot configure transform " + config.path() + " (" + simple + "): "
                    + e.getMessage(), e);
        }
        return transformation;
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
