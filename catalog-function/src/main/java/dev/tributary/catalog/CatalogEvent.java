package dev.tributary.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.storage.S3Location;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What invokes the catalog: an S3 "Object Created" event delivered by EventBridge, a classic S3 event notification
 * ({@code Records}), or a manual resync of a prefix.
 *
 * @param detailType EventBridge's {@code detail-type} ({@code Object Created})
 * @param detail EventBridge's {@code detail}: {@code bucket.name}, {@code object.key}, {@code object.size}
 * @param records a classic S3 notification's records
 * @param resync a manual request to register whatever is missing under a prefix
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogEvent(
        @JsonProperty("detail-type") String detailType,
        @JsonProperty("detail") JsonNode detail,
        @JsonProperty("Records") List<JsonNode> records,
        @JsonProperty("resync") Resync resync) {

    /**
     * The objects this event announces. Classic notifications URL-encode keys as HTML forms do (a space is
     * {@code +}, a {@code +} is {@code %2B}): they are decoded. EventBridge's documentation does not say whether its
     * keys are encoded, so an EventBridge key is taken as it is, with its decoded form to try next.
     */
    public List<Created> createdObjects() {
        List<Created> objects = new ArrayList<>();
        if (detail != null && detail.hasNonNull("bucket") && detail.hasNonNull("object")) {
            String bucket = detail.path("bucket").path("name").asText();
            String key = detail.path("object").path("key").asText();
            String decoded = decode(key);
            objects.add(new Created(
                    new S3Location(bucket, key),
                    decoded.equals(key) ? Optional.empty() : Optional.of(new S3Location(bucket, decoded))));
        }
        if (records != null) {
            for (JsonNode record : records) {
                JsonNode s3 = record.path("s3");
                objects.add(new Created(
                        new S3Location(
                                s3.path("bucket").path("name").asText(),
                                decode(s3.path("object").path("key").asText())),
                        Optional.empty()));
            }
        }
        return objects;
    }

    /** A key as S3 notifications encode it, decoded; a key that is not validly encoded stays as it is. */
    private static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    /**
     * An object an event announces.
     *
     * @param location where the event says it is
     * @param ifUrlEncoded where it is if the event's key was URL-encoded; empty when the key is known to be decoded or
     *     decoding changes nothing
     */
    public record Created(S3Location location, Optional<S3Location> ifUrlEncoded) {}

    /**
     * A repair request, like {@code MSCK REPAIR TABLE}.
     *
     * @param prefix the key prefix to list, for example {@code topics/pagila.query/}
     * @param bucket the bucket to list; absent for every sink's bucket
     */
    @RegisterForReflection
    public record Resync(
            @JsonProperty("prefix") String prefix,
            @JsonProperty("bucket") String bucket) {}
}
