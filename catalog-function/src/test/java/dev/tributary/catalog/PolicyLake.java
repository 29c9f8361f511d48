package dev.tributary.catalog;

import dev.tributary.catalog.lake.LakeObject;
import dev.tributary.catalog.schema.Column;
import dev.tributary.catalog.schema.ObjectSchemas;
import dev.tributary.core.pipeline.CatalogConfig;
import dev.tributary.core.storage.S3Location;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A lake of one Parquet topic, {@code shop.items}, partitioned by Kafka partition, and a database of its own: what the
 * tests of the catalog's policies register.
 */
final class PolicyLake implements AutoCloseable {

    static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .build();

    final LocalCatalog local;

    PolicyLake(String name) {
        local = new LocalCatalog(name, """
                  - name: items
                    topics: shop.items
                    bucket: ${bucket}
                """);
    }

    CatalogConfig config() {
        return local.pipeline().catalog();
    }

    /** Writes one record to Kafka partition {@code partition} with the real sink, and returns its object. */
    LakeObject object(int partition) {
        S3Location written = local.write(List.of(local.record(
                        "shop.items",
                        partition,
                        0,
                        Schema.INT32_SCHEMA,
                        partition,
                        ROW,
                        new Struct(ROW).put("id", partition).put("name", "item " + partition))))
                .get(0);
        return LakeObject.resolve(written, local.pipeline()).orElseThrow();
    }

    List<Column> columns(LakeObject object) {
        return new ObjectSchemas(local.s3).columns(object).columns();
    }

    @Override
    public void close() {
        local.close();
    }
}
