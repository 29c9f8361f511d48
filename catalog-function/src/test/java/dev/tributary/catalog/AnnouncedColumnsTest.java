package dev.tributary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.catalog.schema.ObjectSchemas;
import dev.tributary.core.storage.S3Location;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** The columns of a topic's objects, read from the objects; an object that cannot help is left out, and said why. */
class AnnouncedColumnsTest {

    @Test
    void shouldReadEachColumnOnceAndLeaveOutObjectsThatAreGoneOrNotWhatTheirNameSays() {
        try (PolicyLake lake = new PolicyLake("announced")) {
            LakeObject first = lake.object(0);
            LakeObject second = lake.object(1);
            S3Location garbage = new S3Location(
                    lake.local.bucket, "topics/shop.items/partition=2/shop.items+2+0000000000.snappy.parquet");
            lake.local.s3.putObject(b -> b.bucket(garbage.bucket()).key(garbage.key()), RequestBody.fromString("no"));
            S3Location gone = new S3Location(
                    lake.local.bucket, "topics/shop.items/partition=3/shop.items+3+0000000000.snappy.parquet");
            Outcome outcome = new Outcome();

            AnnouncedColumns.Read read = new AnnouncedColumns(new ObjectSchemas(lake.local.s3))
                    .of(List.of(first, object(lake, garbage), second, object(lake, gone)), outcome);

            assertThat(read.objects()).containsExactly(first, second);
            assertThat(read.byExactness()).containsOnlyKeys(true);
            assertThat(read.byExactness().get(true))
                    .extracting(Column::name)
                    .startsWith("id", "name")
                    .doesNotHaveDuplicates();
            assertThat(outcome.response().problems())
                    .containsExactly(
                            "Cannot register " + garbage + " because its schema cannot be read: Cannot read the schema"
                                    + " of " + garbage + " because it does not end with Parquet's magic bytes",
                            "Cannot register " + gone + " because it no longer exists");
        }
    }

    private static LakeObject object(PolicyLake lake, S3Location location) {
        return LakeObject.resolve(location, lake.local.pipeline()).orElseThrow();
    }
}
