package dev.tributary.core.connect;

import dev.tributary.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The connector classes Tributary runs, each translated into a pipeline source or sink. */
public final class Connectors {

    private Connectors() {}

    /** The settings connectors leave to their worker, which a pipeline of connectors takes from the environment. */
    public static List<WorkerVariable> workerVariables() {
        return Stream.concat(WorkerDefaults.SOURCE.stream(), WorkerDefaults.SINK.stream())
                .toList();
    }

    /** The variable that, when set, replaces every source connector's connection.url. */
    public static String jdbcUrlVariable() {
        return JdbcConnectionTranslator.JDBC_URL_VARIABLE;
    }

    /**
     * @param environment what {@code ${env:…}} references in the connector's properties resolve against, and the
     *        functions' environment (a database secret set there replaces the connector's user and password)
     * @throws ConfigException naming the connector and the property that cannot run here, and why
     */
    public static Translation translate(ConnectorConfig connector, Map<String, String> environment) {
        String type = connector.connectorClass();
        if (JdbcSourceTranslator.CLASSES.contains(type)) {
            return JdbcSourceTranslator.translate(connector, environment);
        }
        if (S3SinkTranslator.CLASSES.contains(type)) {
            return S3SinkTranslator.translate(connector, environment);
        }
        throw new ConfigException("Cannot run connector '" + connector.name() + "' (" + connector.origin()
                + ") because its connector.class " + type + " is not one Tributary runs: it runs "
                + JdbcSourceTranslator.CLASSES.get(0) + " and " + S3SinkTranslator.CLASSES.get(0));
    }
}
