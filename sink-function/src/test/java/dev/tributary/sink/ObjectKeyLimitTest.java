package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.schema.LakeRow;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class ObjectKeyLimitTest {

    static final SinkParts PARTS = new SinkParts(Sinks.first("""
              - name: items
                topics: items
                bucket: lake
            """));

    static LakeRow row(long offset) {
        return new LakeRow(null, null, Schema.STRING_SCHEMA, "v", "items", 3, offset, null, null);
    }

    @Test
    void shouldLetAKeyOfS3sLengthPass() {
        // topics/items/<path>/items+3+0000000001.snappy.parquet: 47 bytes besides the path
        String path = "p=" + "x".repeat(ObjectKeyLimit.MAX_KEY_BYTES - 47 - 2);

        assertThatCode(() -> new ObjectKeyLimit().require(PARTS, row(1), path)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseARecordWhoseKeyWouldBeLongerThanS3AllowsNamingItsLength() {
        String path = "p=" + "é".repeat(600);

        assertThatThrownBy(() -> new ObjectKeyLimit().require(PARTS, row(1), path))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot write the record to topics/items/p=é")
                .hasMessageContaining("because the object key would be 1249 bytes of UTF-8, more than S3's 1024")
                .hasMessageEndingWith("its partition path is 1202 bytes");
    }

    @Test
    void shouldCheckAgainAPathThatFittedWhenAnOffsetOutgrowsThePadding() {
        ObjectKeyLimit limit = new ObjectKeyLimit();
        String path = "p=" + "x".repeat(ObjectKeyLimit.MAX_KEY_BYTES - 47 - 2);
        limit.require(PARTS, row(1), path);

        assertThatThrownBy(() -> limit.require(PARTS, row(10_000_000_000L), path))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("would be 1025 bytes");
    }
}
