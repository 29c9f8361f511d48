package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class RowLayoutTest {

    @Test
    void shouldGiveAColumnItsReadableNameAndSuffixOnlyTheOnesThatClash() {
        Schema alone =
                SchemaBuilder.struct().field("Zürich-Nord", Schema.INT32_SCHEMA).build();
        Schema crowded = SchemaBuilder.struct()
                .field("Zürich_Nord", Schema.INT32_SCHEMA)
                .field("Zürich.Nord", Schema.INT32_SCHEMA)
                .field("Zürich-Nord", Schema.INT32_SCHEMA)
                .build();

        assertThat(RowLayout.of(alone, null, Set.of(), true, false).columnNames())
                .containsEntry("Zürich-Nord", "Zürich_Nord");
        Map<String, String> names =
                RowLayout.of(crowded, null, Set.of(), true, false).columnNames();
        assertThat(names).containsEntry("Zürich_Nord", "Zürich_Nord");
        assertThat(names.get("Zürich.Nord")).matches("Zürich_Nord_[0-9a-f]{8}");
        assertThat(names.get("Zürich-Nord")).matches("Zürich_Nord_[0-9a-f]{8}").isNotEqualTo(names.get("Zürich.Nord"));
    }

    @Test
    void shouldKeepNamesThatDifferOnlyInCaseApartAsGlueComparesThem() {
        Schema value = SchemaBuilder.struct()
                .field("Amount", Schema.INT32_SCHEMA)
                .field("amount", Schema.INT32_SCHEMA)
                .field("__OP", Schema.STRING_SCHEMA)
                .field(
                        "nested",
                        SchemaBuilder.struct()
                                .field("Id", Schema.INT32_SCHEMA)
                                .field("id", Schema.INT32_SCHEMA)
                                .build())
                .build();
        Schema reordered = SchemaBuilder.struct()
                .field("amount", Schema.INT32_SCHEMA)
                .field("Amount", Schema.INT32_SCHEMA)
                .build();

        RowLayout layout = RowLayout.of(value, null, Set.of(), true, false);

        assertThat(layout.columnNames())
                .containsEntry("amount", "amount")
                .containsEntry("Amount", "Amount_" + crc("Amount"))
                .containsEntry("__OP", "__OP")
                .containsEntry("___op", "___op")
                .doesNotContainKey("__op");
        assertThat(layout.avro().getField("nested").schema().getFields())
                .extracting(org.apache.avro.Schema.Field::name)
                .containsExactly("Id_" + crc("Id"), "id");
        assertThat(RowLayout.of(reordered, null, Set.of(), false, false).columnNames())
                .containsEntry("Amount", "Amount_" + crc("Amount"));
    }

    @Test
    void shouldGiveDistinctAvroNamesToStructsWhosePathsJoinAlike() {
        Schema ab = SchemaBuilder.struct()
                .field("y", Schema.STRING_SCHEMA)
                .field("amount", Decimal.builder(2).build())
                .build();
        Schema a = SchemaBuilder.struct()
                .field(
                        "b",
                        SchemaBuilder.struct()
                                .field("x", Schema.INT32_SCHEMA)
                                .field("amount", Decimal.builder(3).build())
                                .build())
                .build();
        Schema value = SchemaBuilder.struct().field("a", a).field("a_b", ab).build();
        Struct row = new Struct(value)
                .put(
                        "a",
                        new Struct(a)
                                .put(
                                        "b",
                                        new Struct(a.field("b").schema())
                                                .put("x", 1)
                                                .put("amount", new BigDecimal("1.000"))))
                .put("a_b", new Struct(ab).put("y", "why").put("amount", new BigDecimal("2.00")));

        RowLayout layout = RowLayout.of(value, null, Set.of(), false, false);
        GenericRecord record = layout.toAvro(new LakeRow(null, null, value, row, "t", 0, 0, null, null));

        // Parsing the schema's text back is what refuses two types of one name ("Can't redefine").
        assertThat(new org.apache.avro.Schema.Parser().parse(layout.avro().toString()))
                .isEqualTo(layout.avro());
        assertThat(((GenericRecord) record.get("a_b")).get("y")).isEqualTo("why");
    }

    private static String crc(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
