package dev.tributary.localstack.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * A Pagila-shaped sample, generated rather than copied: the {@code country}, {@code city} and {@code address}
 * tables with Pagila's columns, types and {@code last_update} trigger, and Pagila's row counts (109 countries, 600
 * cities, 603 addresses), all initially stamped with one identical time as in Pagila's dump.
 *
 * <p>Deterministic: the same seed gives the same rows.
 */
public final class PagilaSample {

    public static final int COUNTRIES = 109;
    public static final int CITIES = 600;
    public static final int ADDRESSES = 603;

    /** Pagila's dump stamps every address with this time. */
    public static final String LOADED_AT = "2020-02-15 09:45:30+00";

    private static final List<String> COUNTRY_NAMES = List.of(
            "Afghanistan",
            "Algeria",
            "American Samoa",
            "Angola",
            "Anguilla",
            "Argentina",
            "Armenia",
            "Australia",
            "Austria",
            "Azerbaijan",
            "Bahrain",
            "Bangladesh",
            "Belarus",
            "Bolivia",
            "Brazil",
            "Brunei",
            "Bulgaria",
            "Cambodia",
            "Cameroon",
            "Canada",
            "Chad",
            "Chile",
            "China",
            "Colombia",
            "Congo, The Democratic Republic of the",
            "Czech Republic",
            "Dominican Republic",
            "Ecuador",
            "Egypt",
            "Estonia",
            "Ethiopia",
            "Faroe Islands",
            "Finland",
            "France",
            "French Guiana",
            "French Polynesia",
            "Gambia",
            "Germany",
            "Greece",
            "Greenland",
            "Holy See (Vatican City State)",
            "Hong Kong",
            "Hungary",
            "India",
            "Indonesia",
            "Iran",
            "Iraq",
            "Israel",
            "Italy",
            "Japan",
            "Kazakstan",
            "Kenya",
            "Kuwait",
            "Latvia",
            "Liechtenstein",
            "Lithuania",
            "Madagascar",
            "Malawi",
            "Malaysia",
            "Mexico",
            "Moldova",
            "Morocco",
            "Mozambique",
            "Myanmar",
            "Nauru",
            "Nepal",
            "Netherlands",
            "New Zealand",
            "Nigeria",
            "North Korea",
            "Oman",
            "Pakistan",
            "Paraguay",
            "Peru",
            "Philippines",
            "Poland",
            "Puerto Rico",
            "Romania",
            "Runion",
            "Russian Federation",
            "Saint Vincent and the Grenadines",
            "Saudi Arabia",
            "Senegal",
            "Slovakia",
            "South Africa",
            "South Korea",
            "Spain",
            "Sri Lanka",
            "Sudan",
            "Sweden",
            "Switzerland",
            "Taiwan",
            "Tanzania",
            "Thailand",
            "Tonga",
            "Tunisia",
            "Turkey",
            "Turkmenistan",
            "Tuvalu",
            "Ukraine",
            "United Arab Emirates",
            "United Kingdom",
            "United States",
            "Venezuela",
            "Vietnam",
            "Virgin Islands, U.S.",
            "Yemen",
            "Yugoslavia",
            "Zambia");
    private static final List<String> STREETS = List.of(
            "MySakila Drive",
            "MySQL Boulevard",
            "Workhaven Lane",
            "Lillydale Drive",
            "Hanoi Way",
            "Loja Avenue",
            "Joliet Street",
            "Nagasaki Lane",
            "Parakan Drive",
            "Zürich Place",
            "A Coruña Street",
            "São Paulo Avenue",
            "Łódź Road",
            "Tōkyō Street");
    private static final List<String> DISTRICTS = List.of(
            "Alberta",
            "QLD",
            "Nagasaki",
            "California",
            "Texas",
            "Buenos Aires",
            "England",
            "Île-de-France",
            "Bavaria",
            "Ontario",
            "Hokkaido",
            "Punjab");
    private static final List<String> CITY_PARTS = List.of(
            "Abha",
            "Adana",
            "Aden",
            "Akishima",
            "Akron",
            "Alvorada",
            "Ambattur",
            "Angra",
            "Anápolis",
            "Arak",
            "Baku",
            "Bantam",
            "Barcelona",
            "Bat Yam",
            "Bergamo",
            "Bhopal",
            "Bilbays",
            "Boa Vista",
            "Brest",
            "Cam Ranh",
            "Cavite",
            "Chandrapur",
            "Citrus",
            "Dallas",
            "Davao",
            "Dhule");

    private PagilaSample() {}

    /** One of the sample's districts, chosen by {@code random} (a writer of sample-like rows uses the same ones). */
    public static String district(Random random) {
        return DISTRICTS.get(random.nextInt(DISTRICTS.size()));
    }

    /** Creates the three tables, the trigger function and its triggers, in the connection's current schema. */
    public static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN NEW.last_update = CURRENT_TIMESTAMP; RETURN NEW; END $$");
            statement.execute("CREATE TABLE country (country_id serial PRIMARY KEY, country text NOT NULL,"
                    + " last_update timestamptz NOT NULL DEFAULT now())");
            statement.execute("CREATE TABLE city (city_id serial PRIMARY KEY, city text NOT NULL,"
                    + " country_id int NOT NULL REFERENCES country, last_update timestamptz NOT NULL DEFAULT now())");
            statement.execute("CREATE TABLE address (address_id serial PRIMARY KEY, address text NOT NULL,"
                    + " address2 text, district text NOT NULL, city_id int NOT NULL REFERENCES city,"
                    + " postal_code text, phone text NOT NULL, last_update timestamptz NOT NULL DEFAULT now())");
            for (String table : List.of("country", "city", "address")) {
                statement.execute("CREATE TRIGGER last_updated BEFORE UPDATE ON " + table
                        + " FOR EACH ROW EXECUTE FUNCTION last_updated()");
                statement.execute("CREATE INDEX " + table + "_last_update ON " + table + " (last_update)");
            }
        }
    }

    /** Creates the schema and loads Pagila's counts of rows, all stamped {@link #LOADED_AT}. */
    public static void load(Connection connection, long seed) throws SQLException {
        createSchema(connection);
        Random random = new Random(seed);
        try (PreparedStatement country = connection.prepareStatement(
                "INSERT INTO country (country_id, country, last_update) VALUES (?, ?, ?::timestamptz)")) {
            for (int i = 1; i <= COUNTRIES; i++) {
                country.setInt(1, i);
                country.setString(2, COUNTRY_NAMES.get(i - 1));
                country.setString(3, LOADED_AT);
                country.addBatch();
            }
            country.executeBatch();
        }
        try (PreparedStatement city = connection.prepareStatement(
                "INSERT INTO city (city_id, city, country_id, last_update) VALUES (?, ?, ?, ?::timestamptz)")) {
            for (int i = 1; i <= CITIES; i++) {
                city.setInt(1, i);
                city.setString(2, CITY_PARTS.get(random.nextInt(CITY_PARTS.size())) + " " + i);
                city.setInt(3, 1 + random.nextInt(COUNTRIES));
                city.setString(4, LOADED_AT);
                city.addBatch();
            }
            city.executeBatch();
        }
        try (PreparedStatement address = connection.prepareStatement("INSERT INTO address (address_id, address,"
                + " address2, district, city_id, postal_code, phone, last_update)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)")) {
            for (int i = 1; i <= ADDRESSES; i++) {
                address.setInt(1, i);
                address.setString(2, (1 + random.nextInt(1999)) + " " + STREETS.get(random.nextInt(STREETS.size())));
                address.setString(3, i % 7 == 0 ? "" : null);
                address.setString(4, district(random));
                address.setInt(5, 1 + random.nextInt(CITIES));
                address.setString(6, i <= 4 ? "" : String.format("%05d", random.nextInt(100_000)));
                address.setString(
                        7,
                        i <= 2
                                ? ""
                                : Long.toString(10_000_000_000L + Math.floorMod(random.nextLong(), 89_999_999_999L)));
                address.setString(8, LOADED_AT);
                address.addBatch();
            }
            address.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("country", "city", "address")) {
                statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + table + "_id'),"
                        + " (SELECT max(" + table + "_id) FROM " + table + "))");
            }
        }
    }

    /**
     * Adds Pagila-shaped addresses in bulk, for benchmarks: ids after the current maximum, spread over the cities,
     * with change times one microsecond apart ending now.
     */
    public static void addAddresses(Connection connection, int count) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO address (address, address2, district, city_id, postal_code, phone,"
                    + " last_update) SELECT g || ' ' || (ARRAY['MySakila Drive','Workhaven Lane','Zürich Place',"
                    + "'Hanoi Way'])[1 + g % 4], CASE WHEN g % 7 = 0 THEN '' END,"
                    + " (ARRAY['Alberta','QLD','Texas','Île-de-France'])[1 + g % 4], 1 + g % " + CITIES + ","
                    + " lpad((g % 100000)::text, 5, '0'), (10000000000 + g)::text,"
                    + " now() - (" + count + " - g) * interval '1 microsecond'"
                    + " FROM generate_series(1, " + count + ") AS g");
        }
    }
}
