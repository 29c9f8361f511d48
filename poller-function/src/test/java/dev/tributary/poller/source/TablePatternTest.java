package dev.tributary.poller.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TablePatternTest {

    @Test
    void shouldReadUnqualifiedNamesInSchemaPublicAndMatchWildcards() {
        assertThat(TablePattern.parse("address").matches("public", "address")).isTrue();
        assertThat(TablePattern.parse("address").matches("sales", "address")).isFalse();
        assertThat(TablePattern.parse("public.*").matches("public", "city")).isTrue();
        assertThat(TablePattern.parse("*.addr?ss").matches("sales", "address")).isTrue();
        assertThat(TablePattern.parse("Public.Address").matches("public", "address"))
                .isTrue();
    }

    @Test
    void shouldMatchQuotedPartsExactly() {
        assertThat(TablePattern.parse("\"My.Schema\".\"Odd*Name\"").matches("My.Schema", "Odd*Name"))
                .isTrue();
        assertThat(TablePattern.parse("\"My.Schema\".\"Odd*Name\"").matches("My.Schema", "OddXName"))
                .isFalse();
    }

    @Test
    void shouldMatchARegularExpressionAgainstTheQualifiedNameOrTheTableName() {
        assertThat(TablePattern.parse("~public\\.addr.*").matches("public", "address"))
                .isTrue();
        assertThat(TablePattern.parse("~public\\.addr.*").matches("sales", "address"))
                .isFalse();
        assertThat(TablePattern.parse("~.*_archive").matches("sales", "orders_archive"))
                .isTrue();
        assertThat(TablePattern.parse("~city").matches("public", "city")).isTrue();
        assertThat(TablePattern.parse("~city").isExact()).isFalse();
    }
}
