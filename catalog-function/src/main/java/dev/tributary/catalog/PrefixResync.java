package dev.tributary.catalog;

import dev.tributary.catalog.glue.CatalogException;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.core.failure.AwsFailures;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.SinkConfig;
import dev.tributary.core.storage.S3Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a prefix of the sinks' buckets and registers whatever is missing, like MSCK REPAIR TABLE: the newest object
 * of each partition, one topic at a time. A listing that fails is a {@link CatalogException} of the kind S3's answer
 * has.
 */
final class PrefixResync {

    /** Partitions a resync holds before registering them: bounds its memory whatever the prefix holds. */
    static final int RESYNC_PARTITIONS = 1_000;

    private final PipelineConfig pipeline;
    private final S3Client s3;
    /** Registers the objects of one topic. */
    private final BiConsumer<List<LakeObject>, Outcome> register;

    PrefixResync(PipelineConfig pipeline, S3Client s3, BiConsumer<List<LakeObject>, Outcome> register) {
        this.pipeline = pipeline;
        this.s3 = s3;
        this.register = register;
    }

    void resync(CatalogEvent.Resync resync, Outcome outcome) {
        if (resync.prefix() == null) {
            throw new IllegalArgumentException(
                    "Cannot resync: the request has no resync.prefix, such as \"topics/pagila.query/\"");
        }
        Set<String> buckets = new LinkedHashSet<>();
        for (SinkConfig sink : pipeline.sinks()) {
            if (resync.bucket() == null || resync.bucket().equals(sink.bucket())) {
                buckets.add(sink.bucket());
            }
        }
        for (String bucket : buckets) {
            try {
                resync(bucket, resync.prefix(), outcome);
            } catch (SdkException e) {
                throw new CatalogException(
                        AwsFailures.kind(e),
                        "Cannot list s3://" + bucket + "/" + resync.prefix() + " because " + AwsFailures.describe(e)
                                + (AwsFailures.accessDenied(e) ? "; allow the catalog's role s3:ListBucket on it" : ""),
                        e);
            }
        }
    }

    /**
     * Registers what a bucket holds under a prefix. The listing streams page by page; only the newest object of each
     * partition not yet registered is held, and S3 lists a partition's objects together, so a partition is complete
     * when the next begins.
     */
    private void resync(String bucket, String prefix, Outcome outcome) {
        Map<PartitionOf, Listed> pending = new LinkedHashMap<>();
        for (S3Object listed :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            S3Location location = new S3Location(bucket, listed.key());
            Optional<LakeObject> object = LakeObject.resolve(location, pipeline);
            if (object.isEmpty()) {
                outcome.ignored(location);
                continue;
            }
            outcome.object(location);
            PartitionOf partition = PartitionOf.of(object.get());
            if (!pending.containsKey(partition) && pending.size() >= RESYNC_PARTITIONS) {
                registerNewest(pending.values(), outcome);
                pending.clear();
            }
            pending.merge(partition, new Listed(object.get(), listed.lastModified()), Listed::newer);
        }
        registerNewest(pending.values(), outcome);
    }

    /**
     * Registers the newest object of each partition, one footer per partition: the newest holds the partition's
     * latest schema. One topic at a time: a topic whose name maps to another topic's table must not take its objects.
     */
    private void registerNewest(Collection<Listed> newest, Outcome outcome) {
        Map<TopicOf, List<LakeObject>> byTopic = new LinkedHashMap<>();
        for (Listed listed : newest) {
            byTopic.computeIfAbsent(TopicOf.of(listed.object()), k -> new ArrayList<>())
                    .add(listed.object());
        }
        byTopic.values().forEach(objects -> register.accept(objects, outcome));
    }

    /** The topic whose objects a table holds. */
    private record TopicOf(String table, String topic) {
        static TopicOf of(LakeObject object) {
            return new TopicOf(object.table(), object.key().topic());
        }
    }

    /** A partition of a topic's table. */
    private record PartitionOf(TopicOf topic, String partitionPath) {
        static PartitionOf of(LakeObject object) {
            return new PartitionOf(TopicOf.of(object), object.key().partitionPath());
        }
    }

    /** A listed data object and when it was last written. */
    record Listed(LakeObject object, Instant lastModified) {

        private static final Comparator<Listed> NEWEST_LAST = Comparator.comparing(
                        Listed::lastModified, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(l -> l.object().key().startOffset())
                .thenComparingInt(l -> l.object().key().kafkaPartition());

        /**
         * The one written last. The key cannot tell: its greatest Kafka partition is not the newest object, and its
         * offsets, padded to ten digits, sort wrongly from eleven on. Ties fall to the greater offset.
         */
        static Listed newer(Listed a, Listed b) {
            return NEWEST_LAST.compare(a, b) >= 0 ? a : b;
        }
    }
}
