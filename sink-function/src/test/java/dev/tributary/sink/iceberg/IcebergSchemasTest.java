package dev.tributary.sink.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.sink.schema.LakeRow;
import dev.tributary.sink.schema.RowLayout;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** Iceberg schemas and rows from the sink's layouts: the types the Parquet objects have, the values they hold. */
class IcebergSchemasTest {

    private static final org.apache.kafka.connect.data.Schema ROW = SchemaBuilder.struct()
            .field("ID", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
            .field(
                    "amount",
                    Decimal.builder(2)
                            .parameter("connect.decimal.precision", "10")
                            .build())
            .field("born", Date.SCHEMA)
            .field("opens", Time.SCHEMA)
            .field("seen", Timestamp.SCHEMA)
            .field("raw", org.apache.kafka.connect.data.Schema.BYTES_SCHEMA)
            .field(
                    "tags",
                    SchemaBuilder.array(org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                            .build())
            .field(
                    "counts",
                    SchemaBuilder.map(
                                    org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                                    org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                            .build())
            .field(
                    "geo",
                    SchemaBuilder.struct()
                            .field("Lat", org.apache.kafka.connect.data.Schema.FLOAT64_SCHEMA)
                            .build())
            .build();
    private static final RowLayout LAYOUT = RowLayout.of(ROW, null, Set.of(), false, false);

    @Test
    void shouldGiveTheColumnsIcebergTypesAndMakeKeyColumnsRequiredIdentifiers() {
        Schema schema = IcebergSchemas.of(LAYOUT.avro(), List.of("id"));

        assertThat(schema.findField("id").isRequired()).isTrue();
        assertThat(schema.identifierFieldNames()).containsExactly("id");
        assertThat(schema.findField("amount").type()).hasToString("decimal(10, 2)");
        assertThat(schema.findField("born").type()).hasToString("date");
        assertThat(schema.findField("opens").type()).hasToString("time");
        assertThat(schema.findField("seen").type()).hasToString("timestamptz");
        assertThat(schema.findField("raw").type()).hasToString("binary");
        assertThat(schema.findField("tags").type()).hasToString("list<string>");
        assertThat(schema.findField("counts").type()).hasToString("map<string, long>");
        assertThat(schema.findField("geo").type().asStructType().field("lat")).isNotNull();
    }

    @Test
    void shouldRefuseAKeyTheRowsDoNotHaveOrThatIsNotPrimitive() {
        assertThatThrownBy(() -> IcebergSchemas.of(LAYOUT.avro(), List.of("missing")))
                .hasMessageContaining("because the records have no such column");
        assertThatThrownBy(() -> IcebergSchemas.of(LAYOUT.avro(), List.of("geo")))
                .hasMessageContaining("not a primitive");
    }

    @Test
    void shouldHoldTheRowsValuesInIcebergsJavaTypes() {
        Struct value = new Struct(ROW)
                .put("ID", 7)
                .put("amount", new BigDecimal("12.30"))
                .put("born", new java.util.Date(86_400_000L * 20_000))
                .put("opens", new java.util.Date(3_600_000L))
                .put("seen", new java.util.Date(1_764_064_800_123L))
                .put("raw", new byte[] {1, 2})
                .put("tags", List.of("a"))
                .put("counts", Map.of("x", 3L))
                .put("geo", new Struct(ROW.field("geo").schema()).put("Lat", 1.5));
        Schema schema = IcebergSchemas.of(LAYOUT.avro(), List.of("id"));

        Record row = IcebergRows.of(
                LAYOUT.toAvro(new LakeRow(null, null, ROW, value, "t", 0, 0, 0L, null)), schema.asStruct());

        assertThat(row.getField("id")).isEqualTo(7);
        assertThat(row.getField("amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(row.getField("born")).isEqualTo(LocalDate.ofEpochDay(20_000));
        assertThat(row.getField("opens")).isEqualTo(LocalTime.of(1, 0));
        assertThat(row.getField("seen"))
                .isEqualTo(OffsetDateTime.of(2025, 11, 25, 10, 0, 0, 123_000_000, ZoneOffset.UTC));
        assertThat(row.getField("raw")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(row.getField("tags")).isEqualTo(List.of("a"));
        assertThat(row.getField("counts")).isEqualTo(Map.of("x", 3L));
        assertThat(((Record) row.getField("geo")).getField("lat")).isEqualTo(1.5);
    }
}
