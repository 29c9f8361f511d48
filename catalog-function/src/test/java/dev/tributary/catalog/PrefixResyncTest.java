package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.PrefixResync.Listed;
import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import dev.tributary.core.storage.S3Location;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which listed object of a partition a resync reads: the one written last, whatever its key says. */
class PrefixResyncTest {

    private static final PipelineConfig PIPELINE = PipelineParser.parse("""
            sinks:
              - name: visits
                topics: shop.visits
                bucket: lake
            catalog:
              database: lake
            """, "catalog.yaml", Map.of());

    @Test
    void shouldTakeTheObjectWrittenLastThoughItsKeySortsFirst() {
        Listed older = listed(1, 0, "2026-01-02T00:00:00Z");
        Listed newer = listed(0, 5, "2026-01-03T00:00:00Z");

        assertThat(Listed.newer(older, newer)).isSameAs(newer);
        assertThat(Listed.newer(newer, older)).isSameAs(newer);
    }

    @Test
    void shouldTakeTheGreaterOffsetWhenBothWereWrittenAtOnceOrTheTimeIsUnknown() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Listed tenDigits = listed(0, 9_999_999_999L, now.toString());
        Listed elevenDigits = listed(0, 10_000_000_000L, now.toString());
        Listed unknown = new Listed(object(0, 20_000_000_000L), null);

        assertThat(Listed.newer(elevenDigits, tenDigits)).isSameAs(elevenDigits);
        assertThat(Listed.newer(unknown, tenDigits)).isSameAs(tenDigits);
    }

    private static Listed listed(int partition, long offset, String written) {
        return new Listed(object(partition, offset), Instant.parse(written));
    }

    private static LakeObject object(int partition, long offset) {
        String key = "topics/shop.visits/partition=" + partition + "/shop.visits+" + partition + "+"
                + String.format("%010d", offset) + ".snappy.parquet";
        return LakeObject.resolve(new S3Location("lake", key), PIPELINE).orElseThrow();
    }
}
