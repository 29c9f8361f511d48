package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A connector's {@code key.converter} and {@code value.converter}: the bytes a source writes to its topics, and the
 * bytes a sink expects to find there. Without them, the worker's converters apply ({@link WorkerDefaults#CONVERTER}).
 */
final class ConnectConverters {

    static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
    static final String BYTE_ARRAY = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final String INTEGER = "org.apache.kafka.connect.converters.IntegerConverter";
    static final String LONG = "org.apache.kafka.connect.converters.LongConverter";

    /** Converters whose bytes need a schema registry: the ones published connector configurations name most. */
    private static final List<String> REGISTRY = List.of(
            "io.confluent.connect.avro.AvroConverter",
            "io.confluent.connect.protobuf.ProtobufConverter",
            "io.confluent.connect.json.JsonSchemaConverter");
    /** JsonConverter's properties that change nothing in the bytes Tributary writes or reads. */
    private static final List<String> JSON_TUNING = List.of("schemas.cache.size", "replace.null.with.default");

    private ConnectConverters() {}

    /**
     * The source's {@code key-format} and {@code value-format}, set when they differ from the default
     * (json-with-schema, the worker's JsonConverter).
     *
     * @throws dev.tributary.core.config.ConfigException for a converter whose bytes Tributary cannot produce
     */
    static void source(ConnectorProperties p, ObjectNode source) {
        String value = p.find("value.converter").orElse(WorkerDefaults.CONVERTER);
        if (!value.equals(JSON)) {
            throw p.error(
                    "value.converter",
                    "is not supported because " + registry(value)
                            + "Tributary writes values as Kafka Connect's JsonConverter does, with or without schemas"
                            + " (" + JSON + ", value.converter.schemas.enable true or false)"
                            + (value.equals(STRING) || value.equals(BYTE_ARRAY)
                                    ? ": a value is a row (a struct), which " + simple(value)
                                            + " does not write as data"
                                    : ""));
        }
        String valueFormat = json(p, "value.converter.") ? "json-with-schema" : "json";
        if (!valueFormat.equals("json-with-schema")) {
            source.put("value-format", valueFormat);
        }
        String key = p.find("key.converter").orElse(WorkerDefaults.CONVERTER);
        String keyFormat = switch (key) {
            case JSON -> json(p, "key.converter.") ? "json-with-schema" : "json";
            case STRING -> {
                p.find("key.converter.converter.encoding").ifPresent(encoding -> {
                    if (!encoding.replace("-", "").equalsIgnoreCase("UTF8")) {
                        throw p.error(
                                "key.converter.converter.encoding",
                                "is not supported because Tributary"
                                        + " writes string keys in UTF-8, StringConverter's default");
                    }
                });
                yield "string";
            }
            case INTEGER -> "integer";
            case LONG -> "long";
            default ->
                throw p.error(
                        "key.converter",
                        "is not supported because " + registry(key)
                                + "Tributary writes keys as JsonConverter (with or without schemas), StringConverter,"
                                + " IntegerConverter or LongConverter do (" + JSON + ", " + STRING + ", " + INTEGER
                                + ", " + LONG
                                + ")");
        };
        if (!keyFormat.equals("json-with-schema")) {
            source.put("key-format", keyFormat);
        }
        p.ignorePrefix("key.converter.", "the key converter's other properties do not change the keys' bytes");
        p.ignorePrefix("value.converter.", "the value converter's other properties do not change the values' bytes");
        p.ignore("header.converter", "headers are written as Kafka Connect's SimpleHeaderConverter writes strings");
        p.ignorePrefix(
                "header.converter.",
                "headers are written as Kafka Connect's SimpleHeaderConverter writes" + " strings");
    }

    /**
     * Accepts the converters whose bytes the sink reads (JSON with or without schemas), and refuses those whose
     * records would all go to the dead-letter prefix.
     *
     * @param keysRead whether a transform reads the record keys; otherwise keys are never decoded into the objects
     */
    static void sink(ConnectorProperties p, boolean keysRead) {
        String value = p.find("value.converter").orElse(WorkerDefaults.CONVERTER);
        if (!readable(value)) {
            throw p.error(
                    "value.converter",
                    "is not supported because " + registry(value) + "the sink reads values"
                            + " as JSON, with or without JsonConverter's schema envelope, so every record of the topic would"
                            + " go to the dead-letter prefix: produce the topic with " + JSON
                            + " (as Tributary's poller"
                            + " does)");
        }
        if (!value.equals(JSON)) {
            p.notice("value.converter " + simple(value) + " is read as JSON: a topic of JSON text becomes the"
                    + " objects' rows (Kafka Connect would keep each value as one string or byte array)");
        }
        Optional<String> key = p.find("key.converter");
        if (key.isPresent() && !readable(key.get())) {
            if (keysRead) {
                throw p.error(
                        "key.converter",
                        "is not supported because a transform reads the record keys, and"
                                + " the sink reads keys as JSON (or as text), not this converter's bytes");
            }
            p.notice("key.converter " + key.get() + " is not read: the objects hold the record values alone, and"
                    + " no transform reads the keys");
        }
        p.ignorePrefix("key.converter.", "the sink reads keys as JSON, with or without schemas, or as text");
        p.ignorePrefix("value.converter.", "the sink reads values as JSON, with or without schemas");
        p.ignore("header.converter", "headers are not written to the objects");
        p.ignorePrefix("header.converter.", "headers are not written to the objects");
        p.ignore("schema.registry.url", "the sink reads JSON, which needs no schema registry");
    }

    /**
     * Whether JsonConverter, as the connector configures it, writes the schema envelope ({@code schemas.enable},
     * true by default); its decimal format must be JsonConverter's default, BASE64.
     */
    private static boolean json(ConnectorProperties p, String prefix) {
        p.find(prefix + "decimal.format").ifPresent(format -> {
            if (!format.equalsIgnoreCase("BASE64")) {
                throw p.error(
                        prefix + "decimal.format",
                        "is not supported because Tributary writes decimals as"
                                + " JsonConverter's default does, BASE64");
            }
        });
        for (String tuning : JSON_TUNING) {
            p.ignore(prefix + tuning, "it does not change the bytes of the records Tributary writes");
        }
        return p.bool(prefix + "schemas.enable").orElse(true);
    }

    private static boolean readable(String converter) {
        return converter.equals(JSON) || converter.equals(STRING) || converter.equals(BYTE_ARRAY);
    }

    private static String simple(String converter) {
        return converter.substring(converter.lastIndexOf('.') + 1);
    }

    /** "its bytes need a schema registry, …; " for the converters that do, else nothing. */
    private static String registry(String converter) {
        return REGISTRY.contains(converter) ? "its bytes need a schema registry, which Tributary does not have: " : "";
    }
}
