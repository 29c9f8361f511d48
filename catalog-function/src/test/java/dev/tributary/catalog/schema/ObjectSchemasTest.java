package dev.tributary.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.LocalCatalog;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.core.storage.S3Location;
import dev.tributary.sink.event.InputRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/** Schemas of objects the real sink wrote, read through the local S3 server, counting every GET and its bytes. */
class ObjectSchemasTest {

    private static LocalCatalog local;
    private static final List<String> ranges = new CopyOnWriteArrayList<>();
    private static final List<Long> received = new CopyOnWriteArrayList<>();
    private static S3Client counted;

    @BeforeAll
    static void start() {
        local = new LocalCatalog("schemas", """
                  - name: wide
                    topics: [long, wide]
                    bucket: ${bucket}
                """);
        counted = local.s3Client(new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                ranges.add(context.httpRequest().firstMatchingHeader("Range").orElse("whole object"));
                received.add(context.httpResponse()
                        .firstMatchingHeader("Content-Length")
                        .map(Long::parseLong)
                        .orElse(-1L));
            }
        });
    }

    @AfterAll
    static void close() {
        counted.close();
        local.close();
    }

    @Test
    void shouldReadTheSchemaOfALargeObjectWithOneRangedGetOfItsTail() {
        Schema row = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA)
                .field("text", Schema.STRING_SCHEMA)
                .build();
        List<InputRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(local.record(
                    "long",
                    0,
                    i,
                    null,
                    null,
                    row,
                    new Struct(row)
                            .put("id", (long) i)
                            .put("text", "row " + i + " " + "x".repeat(i % 97) + Integer.toHexString(i * 7919))));
        }
        S3Location object = local.write(records).get(0);
        long size = local.s3
                .headObject(b -> b.bucket(object.bucket()).key(object.key()))
                .contentLength();
        ranges.clear();
        received.clear();

        List<Column> columns =
                new ObjectSchemas(counted).columns(resolve(object)).columns();

        assertThat(columns).extracting(Column::name).startsWith("id", "text").contains("__offset");
        assertThat(ranges).containsExactly("bytes=-" + ObjectSchemas.TAIL);
        assertThat(size).isGreaterThan(4L * ObjectSchemas.TAIL);
        assertThat(received.get(0)).isLessThanOrEqualTo(ObjectSchemas.TAIL);
    }

    @Test
    void shouldReadAFooterLargerThanTheFirstGetWithOneMore() {
        SchemaBuilder builder = SchemaBuilder.struct();
        for (int i = 0; i < 1_500; i++) {
            builder.field("column_with_a_long_descriptive_name_" + i, Schema.OPTIONAL_STRING_SCHEMA);
        }
        Schema wide = builder.build();
        Struct value = new Struct(wide).put("column_with_a_long_descriptive_name_0", "a");
        S3Location object = local.write(List.of(local.record("wide", 0, 0, null, null, wide, value)))
                .get(0);
        ranges.clear();

        List<Column> columns =
                new ObjectSchemas(counted).columns(resolve(object)).columns();

        assertThat(columns.stream()
                        .filter(c -> c.name().startsWith("column_with"))
                        .count())
                .isEqualTo(1_500);
        assertThat(ranges).hasSize(2).first().isEqualTo("bytes=-" + ObjectSchemas.TAIL);
    }

    private static LakeObject resolve(S3Location object) {
        return LakeObject.resolve(object, local.pipeline()).orElseThrow();
    }
}
