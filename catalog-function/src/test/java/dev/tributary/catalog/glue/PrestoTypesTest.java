package dev.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrestoTypesTest {

    @Test
    void shouldNameHiveTypesAsAthenaViewsDo() {
        assertThat(PrestoTypes.of("string")).isEqualTo("varchar");
        assertThat(PrestoTypes.of("int")).isEqualTo("integer");
        assertThat(PrestoTypes.of("float")).isEqualTo("real");
        assertThat(PrestoTypes.of("binary")).isEqualTo("varbinary");
        assertThat(PrestoTypes.of("bigint")).isEqualTo("bigint");
        assertThat(PrestoTypes.of("timestamp")).isEqualTo("timestamp");
        assertThat(PrestoTypes.of("decimal(10,2)")).isEqualTo("decimal(10,2)");
    }

    @Test
    void shouldNestArraysMapsAndStructsAsRows() {
        assertThat(PrestoTypes.of("array<struct<a:int,b:map<string,decimal(5,1)>>>"))
                .isEqualTo("array(row(a integer,b map(varchar,decimal(5,1))))");
        assertThat(PrestoTypes.of("map<string,array<string>>")).isEqualTo("map(varchar,array(varchar))");
    }
}
