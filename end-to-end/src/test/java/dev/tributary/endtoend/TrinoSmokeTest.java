package dev.tributary.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tributary.localstack.LocalStack;
import dev.tributary.localstack.TrinoEndpoint;
import software.amazon.awssdk.services.glue.GlueClient;

/** Trino starts beside the local stack and sees the local Glue Data Catalog as catalog awsdatacatalog. */
class TrinoSmokeTest {

    @Test
    void shouldListTheGlueDatabasesAsSchemas() throws Exception {
        LocalStack stack = LocalStack.shared();
        String database = "smoke_" + UUID.randomUUID().toString().substring(0, 8);
        try (GlueClient glue = LocalAws.glue(stack)) {
            glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
        }
        TrinoEndpoint trino = stack.trino();
        Properties user = new Properties();
        user.setProperty("user", "test");
        List<String> schemas = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(trino.jdbcUrl("default"), user);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW SCHEMAS FROM awsdatacatalog")) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        assertThat(schemas).contains(database);
    }
}
