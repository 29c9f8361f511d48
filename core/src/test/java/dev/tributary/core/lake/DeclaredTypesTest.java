package dev.tributary.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeclaredTypesTest {

    @Test
    void shouldDeclareTypesInAnAsciiValueThatDecodesToTheSameTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("address_id", "int");
        types.put("städte", "array<struct<name:string,founded:date>>");
        types.put("amount", "decimal(12,2)");

        String value = DeclaredTypes.encode(types);

        assertThat(value).matches("[A-Za-z0-9_-]+");
        assertThat(DeclaredTypes.decode(value)).contains(types);
    }

    @Test
    void shouldOmitADeclarationThatDoesNotFitInS3sUserMetadata() {
        Random random = new Random(7);
        Map<String, String> types = new LinkedHashMap<>();
        while (types.size() < 400) {
            types.put("c" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()), "int");
        }

        String value = DeclaredTypes.encode(types);

        assertThat(value).isEqualTo(DeclaredTypes.OMITTED);
        assertThat(DeclaredTypes.decode(value)).isEmpty();
    }

    @Test
    void shouldRefuseAValueThatIsNoDeclarationNamingIt() {
        assertThatThrownBy(() -> DeclaredTypes.decode("not-a-declaration"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tributary-hive-types = not-a-declaration")
                .hasMessageContaining("not base64url of gzipped JSON");
    }
}
