package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ColumnNamesTest {

    @Test
    void shouldKeepOrdinaryNamesAndLettersOfAnyScript() {
        assertThat(List.of("address_id", "last_update", "__key_id", "Zürich", "東京", "x٣", "max_x", "a_b_2"))
                .allSatisfy(name -> assertThat(ColumnNames.encode(name)).isEqualTo(name));
    }

    @Test
    void shouldEncodeOtherCharactersAsXmlNamesDo() {
        assertThat(ColumnNames.encode("first-name")).isEqualTo("first_x002D_name");
        assertThat(ColumnNames.encode("unit price ($)")).isEqualTo("unit_x0020_price_x0020__x0028__x0024__x0029_");
        assertThat(ColumnNames.encode("2nd")).isEqualTo("_2nd");
        assertThat(ColumnNames.encode("a\uD835\uDC9C")).isEqualTo("a_x1D49C_");
    }

    @Test
    void shouldNeverEncodeTwoNamesAlike() {
        List<String> names = List.of("a-b", "a_x002D_b", "a_x002d_b", "2nd", "_2nd", "__2nd", "_x", "_xA", "_x_",
                "a_", "a__x002D_", "a_-", "a-_", "_", "-", "x_x1_", "x_x1-", "Zürich", "Z_rich", "Z-rich", "a.b",
                "a_x002E_b", "_x005F_", "__");
        Set<String> encoded = new HashSet<>();
        for (String name : names) {
            String column = ColumnNames.encode(name);
            assertThat(encoded.add(column)).as("%s encodes as %s, as another name does", name, column).isTrue();
            new org.apache.avro.Schema.Field(column, org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
    }

    @Test
    void shouldSuffixNamesThatDifferOnlyInCaseByAHashOfTheName() {
        List<String> one = ColumnNames.of(List.of("Foo", "foo", "FOO", "bar"));
        List<String> other = ColumnNames.of(new ArrayList<>(List.of("FOO", "bar", "foo", "Foo")));

        assertThat(one.get(1)).isEqualTo("foo");
        assertThat(one.get(0)).matches("Foo_[0-9a-f]{8}");
        assertThat(other).containsExactly(one.get(2), "bar", "foo", one.get(0));
        assertThat(one.stream().map(String::toLowerCase).distinct()).hasSize(4);
        assertThat(ColumnNames.of(List.of("Foo", "bar"))).containsExactly("Foo", "bar");
    }
}
