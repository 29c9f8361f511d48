package dev.tributary.sink.schema;

import dev.tributary.core.pipeline.DeleteConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which records say that their key was deleted, as the lake's {@code __op} column records it: a tombstone (a null
 * value); a record with header {@value DeleteConfig#OPERATION_HEADER} {@code d}, as Tributary's poller writes its
 * delete records; and a value whose {@value DeleteConfig#MARKER_FIELD} field is true (or "true"), as Debezium's
 * ExtractNewRecordState writes deletes with {@code delete.handling.mode=rewrite}. Pure.
 */
public final class DeleteRecords {

    private DeleteRecords() {}

    public static boolean isDelete(SinkRecord record) {
        if (record.value() == null) {
            return true;
        }
        Header operation = record.headers().lastWithName(DeleteConfig.OPERATION_HEADER);
        if (operation != null && operation.value() != null) {
            // Headers arrive as the bytes the producer wrote, or as text once a transform has read them.
            Object value = operation.value();
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
            if (text.equals("d")) {
                return true;
            }
        }
        Object marker = null;
        if (record.value() instanceof Struct struct) {
            Field field = struct.schema().field(DeleteConfig.MARKER_FIELD);
            marker = field == null ? null : struct.get(field);
        } else if (record.value() instanceof Map<?, ?> map) {
            marker = map.get(DeleteConfig.MARKER_FIELD);
        }
        return Boolean.TRUE.equals(marker) || "true".equals(marker);
    }
}
