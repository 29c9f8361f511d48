package dev.tributary.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** The envelope EventBridge puts around each event it delivers, in local mode's account and region. */
final class EventBridgeEvents {

    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";

    private EventBridgeEvents() {}

    /**
     * An event of {@code detailType} from {@code source} at {@code time} (ISO-8601) about {@code resource} (an ARN),
     * a new id each; the caller adds its {@code detail}.
     */
    static ObjectNode envelope(String detailType, String source, String time, String resource) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", ACCOUNT);
        event.put("time", time);
        event.put("region", REGION);
        event.putArray("resources").add(resource);
        return event;
    }
}
