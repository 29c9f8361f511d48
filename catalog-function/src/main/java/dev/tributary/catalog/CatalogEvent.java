package dev.tributary.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tributary.core.storage.S3Location;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
     * The objects this event announces. Classic notifications URL-encode keys (a space is {@code +}); EventBridge
     * events carry them as they are.
     */
    public List<S3Location> createdObjects() {
        List<S3Location> objects = new ArrayList<>();
        if (detail != null && detail.hasNonNull("bucket") && detail.hasNonNull("object")) {
            objects.add(new S3Location(detail.path("bucket").path("name").asText(),
                    detail.path("object").path("key").asText()));
        }
        if (records != null) {
            for (JsonNode record : records) {
                JsonNode s3 = record.path("s3");
                String key = URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8);
                objects.add(new S3Location(s3.path("bucket").path("name").asText(), key));
            }
        }
        return objects;
    }

    /**
     * A repair request, like {@code MSCK REPAIR TABLE}.
     *
     * @param prefix the key prefix to list, for example {@code topics/pagila.query/}
     * @param bucket the bucket to list; absent for every sink's bucket
     */
    @RegisterForReflection
    public record Resync(@JsonProperty("prefix") String prefix, @JsonProperty("bucket") String bucket) {
    }
}
