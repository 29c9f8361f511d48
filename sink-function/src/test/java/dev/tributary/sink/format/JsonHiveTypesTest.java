package dev.tributary.sink.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.lake.DeclaredTypes;
import dev.tributary.core.pipeline.SinkConfig.Compression;
import dev.tributary.core.pipeline.SinkConfig.JsonDecimalFormat;
import dev.tributary.core.pipeline.SinkConfig.JsonStyle;
import dev.tributary.sink.schema.RowLayout;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

/** The Hive types a JSON object declares follow what each JSON style writes. */
class JsonHiveTypesTest {

    private static final Schema ROW = SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field(
                    "amount",
                    Decimal.builder(2)
                            .parameter("connect.decimal.precision", "10")
                            .build())
            .field(
                    "wide",
                    Decimal.builder(0)
                            .parameter("connect.decimal.precision", "50")
                            .build())
            .field("born", Date.SCHEMA)
            .field("opens", Time.SCHEMA)
            .field("last_update", Timestamp.SCHEMA)
            .build();
    private static final RowLayout LAYOUT = RowLayout.of(ROW, null, Set.of(), false, false);

    @Test
    void shouldDeclareTheTypesOfTributarysJsonAsParquetHasThem() {
        Map<String, String> types = new JsonHiveTypes(false, true).nonStringColumns(LAYOUT.avro());

        assertThat(types)
                .containsExactly(
                        Map.entry("id", "int"),
                        Map.entry("amount", "decimal(10,2)"),
                        Map.entry("born", "date"),
                        Map.entry("last_update", "timestamp"));
        assertThat(types)
                .as("strings are not declared: a string, a time of day written as text, a decimal of more"
                        + " digits than Athena's decimals hold")
                .doesNotContainKeys("name", "opens", "wide");
    }

    @Test
    void shouldDeclareTheTypesOfKafkaConnectsJsonAsItsNumbersAndBytesRead() {
        Map<String, String> numeric = new JsonHiveTypes(true, true).nonStringColumns(LAYOUT.avro());
        Map<String, String> base64 = new JsonHiveTypes(true, false).nonStringColumns(LAYOUT.avro());

        assertThat(numeric)
                .containsEntry("last_update", "bigint")
                .containsEntry("opens", "int")
                .containsEntry("born", "date")
                .containsEntry("amount", "decimal(10,2)");
        assertThat(base64).doesNotContainKey("amount");
    }

    @Test
    void shouldPutTheDeclarationInTheObjectsUserMetadata() {
        ObjectEncoder json = new JsonLinesEncoder(Compression.GZIP, JsonStyle.TRIBUTARY, JsonDecimalFormat.NUMERIC);
        ObjectEncoder parquet = new ParquetEncoder(Compression.SNAPPY);

        Map<String, String> metadata = json.metadata(LAYOUT);

        assertThat(DeclaredTypes.decode(metadata.get(DeclaredTypes.METADATA_KEY)))
                .hasValueSatisfying(types -> assertThat(types).containsEntry("last_update", "timestamp"));
        assertThat(parquet.metadata(LAYOUT))
                .as("a Parquet footer has its types")
                .isEmpty();
    }
}
