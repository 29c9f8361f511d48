package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.localstack.sample.PagilaSample;
import dev.tributary.poller.LocalPipeline.Consumed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed walkthrough's three sources: first the initial load, then exactly the changed rows. Each test has its own
 * database, state and topics.
 */
class SeedScenarioTest {

    /** Keys the records of an address by its address_id and names their topic in the value. */
    private static final String KEYED_BY_ADDRESS_ID = """
                  - type: ValueToKey
                    fields: address_id
                  - type: ExtractField$Key
                    field: address_id
                  - type: InsertField$Value
                    topic.field: message_topic
            """;

    private LocalPipeline local;
    private Poller poller;
    private String prefix;

    @BeforeEach
    void start() throws Exception {
        local = LocalPipeline.withPagila("seed");
        prefix = local.topicPrefix;
        poller = local.start(local.pipeline("""
                  - name: pagila.public.
                    tables: [public.address, public.city, public.country]
                    topic-prefix: %1$spagila.public.
                    mode: timestamp
                    timestamp-columns: last_update
                  - name: pagila.public.alt.
                    tables: address
                    topic-prefix: %1$spagila.public.alt.
                    mode: timestamp
                    timestamp-columns: last_update
                    numeric-mapping: best_fit
                    validate-non-null: false
                    transforms:
                %2$s
                      - type: InsertField$Value
                        static.field: message_source
                        static.value: pagila
                  - name: pagila.query
                    query: >
                      SELECT a.address_id, a.address, a.address2, city.city, a.district, a.postal_code,
                      country.country, a.phone, a.last_update, city.last_update AS city_last_update,
                      country.last_update AS country_last_update
                      FROM address AS a INNER JOIN city ON a.city_id = city.city_id
                      INNER JOIN country ON country.country_id = city.country_id
                    topic: %1$spagila.query
                    mode: timestamp+incrementing
                    timestamp-columns: [last_update, city_last_update, country_last_update]
                    incrementing-column: address_id
                    transforms:
                %2$s
                """.formatted(prefix, KEYED_BY_ADDRESS_ID)));
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void shouldDeliverExactlyTheSourceRowsOnTheFirstPoll() {
        PollResponse response = LocalPipeline.pollOnce(poller);

        assertThat(response.rows())
                .isEqualTo(PagilaSample.ADDRESSES * 3L + PagilaSample.CITIES + PagilaSample.COUNTRIES);
        List<Consumed> addresses = local.read(prefix + "pagila.public.address");
        assertThat(LocalPipeline.ints(addresses, "address_id"))
                .hasSize(PagilaSample.ADDRESSES)
                .doesNotHaveDuplicates();
        assertThat(addresses.get(0).keyPayload().get("address_id").asInt())
                .isEqualTo(addresses.get(0).payload().get("address_id").asInt());
        assertThat(addresses.get(0).headers())
                .containsEntry("tributary.source", "pagila.public.")
                .containsEntry("tributary.table", "public.address")
                .containsEntry("tributary.change-time", "2020-02-15T09:45:30Z");
        assertThat(addresses.get(0).value().get("schema").get("name").asText()).isEqualTo("address");
        assertThat(local.read(prefix + "pagila.public.city")).hasSize(PagilaSample.CITIES);
        assertThat(local.read(prefix + "pagila.public.country")).hasSize(PagilaSample.COUNTRIES);

        List<Consumed> alt = local.read(prefix + "pagila.public.alt.address");
        assertThat(alt).hasSize(PagilaSample.ADDRESSES);
        Consumed first = alt.get(0);
        assertThat(first.keyPayload().isInt()).isTrue();
        assertThat(first.keyPayload().asInt())
                .isEqualTo(first.payload().get("address_id").asInt());
        assertThat(first.payload().get("message_topic").asText()).isEqualTo(prefix + "pagila.public.alt.address");
        assertThat(first.payload().get("message_source").asText()).isEqualTo("pagila");

        List<Consumed> query = local.read(prefix + "pagila.query");
        assertThat(LocalPipeline.ints(query, "address_id"))
                .hasSize(PagilaSample.ADDRESSES)
                .doesNotHaveDuplicates();
        assertThat(query.get(0).payload().get("country").isTextual()).isTrue();
        assertThat(query.get(0).keyPayload().asInt())
                .isEqualTo(query.get(0).payload().get("address_id").asInt());
        assertThat(query.get(0).headers())
                .containsEntry("tributary.change-time", "2020-02-15T09:45:30Z")
                .doesNotContainKey("tributary.table");
    }

    @Test
    void shouldDeliverExactlyTheChangedRowsOnTheNextPoll() throws Exception {
        LocalPipeline.pollOnce(poller);
        List<Integer> inRenamedCity = new ArrayList<>();
        try (Connection connection = local.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "UPDATE address SET district = 'Changed ' || address_id WHERE address_id IN (100, 101, 102)");
            statement.execute("INSERT INTO country (country) VALUES ('Atlantis')");
            statement.execute("INSERT INTO city (city, country_id) SELECT 'Poseidonia', country_id FROM country"
                    + " WHERE country = 'Atlantis'");
            statement.execute("UPDATE city SET city = city || ' (renamed)' WHERE city_id = (SELECT city_id FROM address"
                    + " WHERE address_id = 200)");
            try (ResultSet rs = statement.executeQuery("SELECT address_id FROM address WHERE city_id = (SELECT city_id"
                    + " FROM address WHERE address_id = 200)")) {
                while (rs.next()) {
                    inRenamedCity.add(rs.getInt(1));
                }
            }
        }

        PollResponse response = LocalPipeline.pollOnce(poller);

        List<Consumed> addresses = local.read(prefix + "pagila.public.address");
        assertThat(LocalPipeline.ints(addresses.subList(PagilaSample.ADDRESSES, addresses.size()), "address_id"))
                .containsExactlyInAnyOrder(100, 101, 102);
        assertThat(addresses.get(addresses.size() - 1).payload().get("district").asText())
                .startsWith("Changed ");
        List<Consumed> countries = local.read(prefix + "pagila.public.country");
        assertThat(countries).hasSize(PagilaSample.COUNTRIES + 1);
        assertThat(countries.get(countries.size() - 1).payload().get("country").asText())
                .isEqualTo("Atlantis");
        assertThat(local.read(prefix + "pagila.public.city")).hasSize(PagilaSample.CITIES + 2);
        List<Consumed> alt = local.read(prefix + "pagila.public.alt.address");
        assertThat(alt.subList(PagilaSample.ADDRESSES, alt.size()))
                .extracting(c -> c.keyPayload().asInt())
                .containsExactlyInAnyOrder(100, 101, 102);
        List<Consumed> query = local.read(prefix + "pagila.query");
        List<Integer> changed = new ArrayList<>(List.of(100, 101, 102));
        inRenamedCity.stream().filter(id -> !changed.contains(id)).forEach(changed::add);
        assertThat(LocalPipeline.ints(query.subList(PagilaSample.ADDRESSES, query.size()), "address_id"))
                .containsExactlyInAnyOrderElementsOf(changed);
        assertThat(response.rows()).isEqualTo(3 + 1 + 2 + 3 + changed.size());
    }

    @Test
    void shouldDeliverNothingWhenNothingChanged() {
        LocalPipeline.pollOnce(poller);
        PollResponse response = LocalPipeline.pollOnce(poller);

        assertThat(response.rows()).isZero();
        assertThat(response.sources()).allSatisfy(s -> assertThat(s.error()).isNull());
        assertThat(response.sources().get(0).relations()).allSatisfy(r -> {
            assertThat(r.caughtUp()).isTrue();
            assertThat(r.markAfter()).isNotNull();
        });
    }
}
