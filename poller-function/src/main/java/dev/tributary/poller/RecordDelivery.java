package dev.tributary.poller;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.DeleteConfig;
import dev.tributary.core.pipeline.DeleteConfig.DeleteRecords;
import dev.tributary.core.transform.TransformChain;
import dev.tributary.poller.capture.PgTimestamps;
import dev.tributary.poller.kafka.Acknowledgements;
import dev.tributary.poller.kafka.DeliveryException;
import dev.tributary.poller.kafka.RecordEncoder;
import dev.tributary.poller.source.CaptureTarget;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * How the rows of one relation become records on Kafka: an upsert through the source's transforms (or straight out
 * when it has none), a delete as the delete record and tombstone deletes.records asks for, and a row no record can
 * hold to the dead-letter topic with its reason. One per relation and columns: an encoder is not thread-safe.
 */
final class RecordDelivery {

    private static final Logger LOG = Logger.getLogger(RecordDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DELETE_OPERATION = {'d'};

    private final CaptureTarget target;
    private final TransformChain<SourceRecord> transforms;
    private final PollContext context;
    /** This source's key-format and value-format. */
    private final RecordEncoder encoder;

    private final Map<String, String> sourcePartition;
    private final RecordHeaders fixedHeaders;
    private final Header[] baseHeaders;
    /** The value of this relation's delete records. */
    private final DeleteMarker marker;

    private final ChangeTime changeTime;

    RecordDelivery(CaptureTarget target, TransformChain<SourceRecord> transforms, PollContext context) {
        this.target = target;
        this.transforms = transforms;
        this.context = context;
        this.encoder = RecordEncoder.of(target.source());
        this.sourcePartition = Map.of("source", target.source().name(), "relation", target.label());
        this.fixedHeaders = new RecordHeaders();
        fixedHeaders.add(
                RecordEncoder.SOURCE_HEADER, RecordEncoder.utf8(target.source().name()));
        target.table().ifPresent(t -> fixedHeaders.add(RecordEncoder.TABLE_HEADER, RecordEncoder.utf8(t.toString())));
        // Shared by every record without transforms and change time; the producer only reads it.
        fixedHeaders.setReadOnly();
        this.baseHeaders = fixedHeaders.toArray();
        this.marker = new DeleteMarker(target.mapper());
        this.changeTime = new ChangeTime(target, context.zone());
    }

    /**
     * Delivers one row: as an upsert, or, when the row is a delete (a delete log entry, a soft-deleted row), as the
     * delete records deletes.records asks for; counts what became of it, and the bytes produced, in {@code counts}.
     */
    Delivered deliver(Object[] row, String[] fallback, ResultSet rs, Acknowledgements acks, BatchCounts counts)
            throws SQLException {
        boolean delete = target.deletes().isDelete(rs);
        Schema valueSchema = delete ? marker.schema() : target.mapper().valueSchema();
        Object[] values = delete ? marker.values(row) : row;
        String topic = target.topic();
        byte[] key;
        byte[] value;
        Headers headers;
        try {
            Object[] keyValues = target.mapper().keyValues(row);
            byte[] time = changeTime.of(row, fallback);
            if (transforms.isEmpty()) {
                // No transform can see the record: write the values straight out, without Connect structs.
                key = keyValues == null
                        ? null
                        : encoder.keyStruct(target.mapper().keySchema(), keyValues);
                value = encoder.valueStruct(valueSchema, values);
                headers = headers(time, delete);
            } else {
                ConnectHeaders connectHeaders = new ConnectHeaders();
                connectHeaders.addString(
                        RecordEncoder.SOURCE_HEADER, target.source().name());
                target.table().ifPresent(t -> connectHeaders.addString(RecordEncoder.TABLE_HEADER, t.toString()));
                if (time != null) {
                    connectHeaders.addString(RecordEncoder.CHANGE_TIME_HEADER, new String(time, US_ASCII));
                }
                if (delete) {
                    connectHeaders.addString(DeleteConfig.OPERATION_HEADER, "d");
                }
                SourceRecord record = new SourceRecord(
                        sourcePartition,
                        Map.of(),
                        topic,
                        null,
                        target.mapper().keySchema(),
                        target.mapper().keyStruct(keyValues),
                        valueSchema,
                        delete ? marker.toStruct(values) : target.mapper().toStruct(row),
                        null,
                        connectHeaders);
                SourceRecord out = transforms.apply(record);
                if (out == null) {
                    counts.filtered();
                    return Delivered.FILTERED;
                }
                topic = out.topic();
                key = encoder.key(out);
                value = encoder.value(out);
                headers = encoder.headers(out);
            }
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetter(rs, e, acks, counts);
            return Delivered.DEAD_LETTERED;
        }
        if (!delete) {
            context.sender().send(topic, key, value, headers, acks);
            counts.produced((key == null ? 0 : key.length) + (value == null ? 0 : value.length));
            return Delivered.PRODUCED;
        }
        DeleteRecords kinds = target.source().deletes().records();
        if (key == null && !kinds.marker()) {
            deadLetter(
                    rs,
                    new IllegalArgumentException("Cannot produce a tombstone for a deleted row of "
                            + target.label() + " because its record has no key; set deletes.records to marker or"
                            + " marker+tombstone, or give the records a key (key-columns, ValueToKey)"),
                    acks,
                    counts);
            return Delivered.DEAD_LETTERED;
        }
        long sent = 0;
        if (kinds.marker()) {
            context.sender().send(topic, key, value, headers, acks);
            sent += (key == null ? 0 : key.length) + value.length;
        }
        if (kinds.tombstone() && key != null) {
            // As Debezium follows a delete event: the key with a null value, so that compaction drops the key.
            context.sender().send(topic, key, null, headers, acks);
            sent += key.length;
        }
        counts.produced(sent);
        return Delivered.PRODUCED;
    }

    /** The fixed headers, with the change time and the delete operation when there are. */
    private Headers headers(byte[] time, boolean delete) {
        if (time == null && !delete) {
            return fixedHeaders;
        }
        List<Header> all = new ArrayList<>(List.of(baseHeaders));
        if (time != null) {
            all.add(new RecordHeader(RecordEncoder.CHANGE_TIME_HEADER, time));
        }
        if (delete) {
            all.add(new RecordHeader(DeleteConfig.OPERATION_HEADER, DELETE_OPERATION));
        }
        return new RecordHeaders(all.toArray(Header[]::new));
    }

    /** Sends a row no record can hold to the dead-letter topic, with its reason, and counts it. */
    void deadLetter(ResultSet rs, Exception reason, Acknowledgements acks, BatchCounts counts) throws SQLException {
        ObjectNode row = JSON.createObjectNode();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), rs.getString(i));
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                RecordEncoder.SOURCE_HEADER, RecordEncoder.utf8(target.source().name()));
        headers.add(RecordEncoder.TABLE_HEADER, RecordEncoder.utf8(target.label()));
        headers.add("tributary.error.reason", RecordEncoder.utf8(String.valueOf(reason.getMessage())));
        headers.add(
                "tributary.error.class", RecordEncoder.utf8(reason.getClass().getName()));
        headers.add("tributary.topic", RecordEncoder.utf8(target.topic()));
        try {
            context.sender().send(context.deadLetterTopic(), null, JSON.writeValueAsBytes(row), headers, acks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        counts.deadLettered();
        LOG.warnf(
                "Sent a row of %s %s to dead-letter topic %s because %s",
                target.source().name(), target.label(), context.deadLetterTopic(), reason.getMessage());
    }

    /**
     * A row's change time as an ISO-8601 instant, for the {@value RecordEncoder#CHANGE_TIME_HEADER} header that
     * the lake keeps as {@code __source_ts}, so that the current-state view orders versions by when they changed in
     * the database, even when a backfill delivers an old version after a newer one.
     */
    private static final class ChangeTime {
        private final int valueIndex;
        private final boolean zoned;
        private final boolean fromFallback;
        private final ZoneId zone;

        ChangeTime(CaptureTarget target, ZoneId zone) {
            this.zone = zone;
            this.zoned = target.changeTimeZoned();
            Optional<String> name = target.spec().changeTime().map(c -> c.name());
            int index = -1;
            if (name.isPresent()) {
                Field field = target.mapper().valueSchema().field(name.get());
                index = field == null ? -1 : field.index();
            }
            this.valueIndex = index;
            this.fromFallback = name.isPresent() && index < 0;
        }

        byte[] of(Object[] row, String[] fallback) {
            String text;
            if (valueIndex >= 0) {
                Object value = row[valueIndex];
                if (value == null) {
                    return null;
                }
                if (value instanceof Date date) {
                    // Kafka Connect's millisecond Timestamp (type-mapping kafka-connect): the exact time is the
                    // column's text, which the position reader reads with the row for the same reason.
                    text = fallback != null && fallback[0] != null
                            ? PgTimestamps.instant(fallback[0], zone)
                                    .map(Instant::toString)
                                    .orElse(null)
                            : date.toInstant().toString();
                } else if (zoned) {
                    text = (String) value;
                } else {
                    long micros = (Long) value;
                    LocalDateTime local = LocalDateTime.ofEpochSecond(
                            Math.floorDiv(micros, 1_000_000L),
                            (int) Math.floorMod(micros, 1_000_000L) * 1000,
                            ZoneOffset.UTC);
                    text = local.atZone(zone).toInstant().toString();
                }
            } else if (fromFallback && fallback != null && fallback[0] != null) {
                text = PgTimestamps.instant(fallback[0], zone)
                        .map(Instant::toString)
                        .orElse(null);
            } else {
                return null;
            }
            return text == null ? null : text.getBytes(US_ASCII);
        }
    }
}
