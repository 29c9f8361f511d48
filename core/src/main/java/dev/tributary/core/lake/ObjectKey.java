package dev.tributary.core.lake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a data object in the lake, in Kafka Connect's S3 sink layout:
 * {@code <topics-dir>/<topic>/<partition path>/<topic>+<kafka partition>+<start offset>.<extension>}, the offset
 * zero-padded to 10 digits. Deterministic: the same records always get the same name, so a retried batch overwrites
 * its objects instead of adding new ones.
 *
 * @param topicsDir the key prefix, such as {@code topics}
 * @param topic the topic
 * @param partitionPath the partition path, such as {@code country=United States} (several segments joined by /)
 * @param kafkaPartition the Kafka partition of the object's records
 * @param startOffset the offset of the object's first record
 * @param extension {@code parquet}, {@code snappy.parquet}, {@code json}, {@code json.gz}, …
 */
public record ObjectKey(
        String topicsDir, String topic, String partitionPath, int kafkaPartition, long startOffset, String extension) {

    private static final Pattern FILE = Pattern.compile("(.+)\\+(\\d+)\\+(\\d{10,})\\.(.+)");

    public ObjectKey {
        if (topic.contains("/")) {
            throw new IllegalArgumentException("Cannot name an object for topic '" + topic + "' because it contains /");
        }
    }

    /** The S3 key. */
    public String key() {
        StringBuilder key = new StringBuilder();
        if (!topicsDir.isEmpty()) {
            key.append(topicsDir).append('/');
        }
        key.append(topic).append('/');
        if (!partitionPath.isEmpty()) {
            key.append(partitionPath).append('/');
        }
        return key.append(topic)
                .append('+')
                .append(kafkaPartition)
                .append('+')
                .append(String.format("%010d", startOffset))
                .append('.')
                .append(extension)
                .toString();
    }

    /** The key prefix of the topic's objects, for listing: {@code <topics-dir>/<topic>/}. */
    public static String topicPrefix(String topicsDir, String topic) {
        return (topicsDir.isEmpty() ? "" : topicsDir + "/") + topic + "/";
    }

    /**
     * Reads a key written by {@link #key()} back, given the topics directory.
     *
     * @return empty for keys that are not data objects of this layout
     */
    public static Optional<ObjectKey> parse(String topicsDir, String key) {
        String prefix = topicsDir.isEmpty() ? "" : topicsDir + "/";
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = key.substring(prefix.length()).split("/");
        if (parts.length < 2) {
            return Optional.empty();
        }
        Matcher file = FILE.matcher(parts[parts.length - 1]);
        if (!file.matches() || !file.group(1).equals(parts[0])) {
            return Optional.empty();
        }
        String path = String.join("/", Arrays.copyOfRange(parts, 1, parts.length - 1));
        return Optional.of(new ObjectKey(
                topicsDir,
                parts[0],
                path,
                Integer.parseInt(file.group(2)),
                Long.parseLong(file.group(3)),
                file.group(4)));
    }

    /** The partition path's {@code key=value} segments, unescaped, in order; empty for segments without '='. */
    public Map<String, String> partitionValues() {
        Map<String, String> values = new LinkedHashMap<>();
        if (partitionPath.isEmpty()) {
            return values;
        }
        for (String segment : partitionPath.split("/")) {
            int equals = segment.indexOf('=');
            if (equals <= 0) {
                return new LinkedHashMap<>();
            }
            values.put(
                    HivePath.unescape(segment.substring(0, equals)), HivePath.unescape(segment.substring(equals + 1)));
        }
        return values;
    }

    /** The partition path as a list of its segments. */
    public List<String> segments() {
        return partitionPath.isEmpty() ? List.of() : new ArrayList<>(List.of(partitionPath.split("/")));
    }
}
