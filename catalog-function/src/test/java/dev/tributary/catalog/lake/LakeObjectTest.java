package dev.tributary.catalog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.storage.S3Location;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LakeObjectTest {

    private static final PipelineConfig PIPELINE = PipelineParser.parse("""
            sinks:
              - name: query
                topics: pagila.query
                bucket: lake
                partitioner: field
                partition-fields: country
                compression: gzip
              - name: renamed
                topics: pagila.public.address
                bucket: lake
                format: json
                compression: gzip
                table-name: addresses_${topic}
              - name: other
                topics: pagila.public.city
                bucket: other
                topics-dir: cdc/raw
              - name: current
                topics: pagila.public.country
                bucket: iceberg
                format: iceberg
                topics-dir: iceberg
            """, "pipeline.yaml", Map.of());

    @Test
    void shouldTakeNoFileOfAnIcebergSinkForAnObject() {
        assertThat(resolve(
                        "iceberg",
                        "iceberg/pagila.public.country/partition=0/pagila.public.country+0+0000000000" + ".parquet"))
                .isEmpty();
        assertThat(resolve("lake", "topics/pagila.query/country=Chad/pagila.query+0+0000000003.gz.parquet"))
                .as("the negative control")
                .isPresent();
    }

    @Test
    void shouldTellTableLocationAndPartitionFromTheKey() {
        LakeObject object = resolve(
                        "lake", "topics/pagila.query/country=United States/pagila.query+0+0000000003.gz.parquet")
                .orElseThrow();

        assertThat(object.sink().name()).isEqualTo("query");
        assertThat(object.table()).isEqualTo("pagila_query");
        assertThat(object.isParquet()).isTrue();
        assertThat(object.tableLocation()).hasToString("s3://lake/topics/pagila.query/");
        assertThat(object.partitionLocation()).hasToString("s3://lake/topics/pagila.query/country=United States/");
        assertThat(object.partitionValues()).containsExactly(Map.entry("country", "United States"));
    }

    @Test
    void shouldNameTheTableAsTheSinkSays() {
        LakeObject object = resolve(
                        "lake",
                        "topics/pagila.public.address/partition=1/pagila.public.address+1" + "+0000000042.json.gz")
                .orElseThrow();

        assertThat(object.table()).isEqualTo("addresses_pagila_public_address");
        assertThat(object.isParquet()).isFalse();
        assertThat(object.isGzip()).isTrue();
    }

    @Test
    void shouldFollowTheTopicsDirectoryOfTheSinkOfTheBucket() {
        assertThat(resolve("other", "cdc/raw/pagila.public.city/partition=0/pagila.public.city+0+0000000000.parquet"))
                .hasValueSatisfying(o -> assertThat(o.sink().name()).isEqualTo("other"));
        assertThat(resolve("other", "topics/pagila.public.city/partition=0/pagila.public.city+0+0000000000.parquet"))
                .isEmpty();
    }

    @Test
    void shouldIgnoreDeadLettersAndForeignObjects() {
        assertThat(resolve("lake", "dead-letter/pagila.query/0/0000000003.json"))
                .isEmpty();
        assertThat(resolve("lake", "topics/pagila.query/_SUCCESS")).isEmpty();
        assertThat(resolve("lake", "topics/pagila.query/country=Canada/other.topic+0+0000000003.parquet"))
                .isEmpty();
        assertThat(resolve("unknown", "topics/pagila.query/country=Canada/pagila.query+0+0000000003.parquet"))
                .isEmpty();
    }

    private static Optional<LakeObject> resolve(String bucket, String key) {
        return LakeObject.resolve(new S3Location(bucket, key), PIPELINE);
    }
}
