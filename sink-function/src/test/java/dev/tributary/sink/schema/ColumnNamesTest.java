package dev.tributary.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {

    @Test
    void shouldKeepOrdinaryNamesAndLettersOfAnyScript() {
        assertThat(List.of("address_id", "last_update", "__key_id", "Zürich", "東京", "x٣", "max_x", "a_b_2", "_x002D_"))
                .allSatisfy(name -> assertThat(ColumnNames.encode(name)).isEqualTo(name));
    }

    @Test
    void shouldReplaceOtherCharactersByUnderscores() {
        assertThat(ColumnNames.encode("first-name")).isEqualTo("first_name");
        assertThat(ColumnNames.encode("address.city")).isEqualTo("address_city");
        assertThat(ColumnNames.encode("unit price ($)")).isEqualTo("unit_price____");
        assertThat(ColumnNames.encode("2nd")).isEqualTo("_2nd");
        assertThat(ColumnNames.encode("a\uD835\uDC9C")).isEqualTo("a_");
    }

    @Test
    void shouldKeepNamesThatEncodeAlikeInOneStructApartByAHashOfTheOriginal() {
        List<String> one = ColumnNames.of(List.of("a-b", "a_b", "a.b", "x"));
        List<String> other = ColumnNames.of(List.of("a.b", "x", "a-b"));

        assertThat(one.get(1)).isEqualTo("a_b");
        assertThat(one.get(0)).matches("a_b_[0-9a-f]{8}");
        assertThat(one.get(2)).matches("a_b_[0-9a-f]{8}").isNotEqualTo(one.get(0));
        assertThat(other).containsExactly(one.get(2), "x", one.get(0));
        assertThat(ColumnNames.of(List.of("a-b", "x"))).containsExactly("a_b", "x");
        one.forEach(column -> new Schema.Field(column, Schema.create(Schema.Type.INT)));
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
