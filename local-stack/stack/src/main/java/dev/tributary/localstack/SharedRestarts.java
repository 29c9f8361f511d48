package dev.tributary.localstack;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.jboss.logging.Logger;

/**
 * The restarts of a stack's servers (Kafka, PostgreSQL). A stack restarts a server it started itself; the shared
 * stack's copy that started a server also offers its restart as a platform MBean, whose operation takes only the
 * JDK's types, so that copies of {@link LocalStack} in other class loaders (Quarkus tests load it again) can restart
 * it.
 */
final class SharedRestarts {

    private static final Logger LOG = Logger.getLogger(SharedRestarts.class);
    private static final String MBEAN = "dev.tributary.localstack:type=SharedStack,name=restarts";

    private final boolean offerShared;
    private final Map<String, Consumer<Boolean>> restarts = new ConcurrentHashMap<>();

    /** @param offerShared whether to offer this stack's restarts to other class loaders (the shared stack does) */
    SharedRestarts(boolean offerShared) {
        this.offerShared = offerShared;
    }

    /** The restarts of the shared stack's servers, offered to other class loaders' copies of the stack. */
    public interface RestartsMBean {
        /** Restarts {@code kafka} or {@code postgres}. */
        void restart(String server, boolean crash);
    }

    /** Restarts a server this stack started, or the one another copy of the shared stack started. */
    void restart(String name, boolean crash) {
        Consumer<Boolean> own = restarts.get(name);
        if (own != null) {
            own.accept(crash);
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(new ObjectName(MBEAN), "restart", new Object[] {name, crash}, new String[] {
                        String.class.getName(), boolean.class.getName()
                    });
        } catch (MBeanException e) {
            throw new LocalStackException(
                    "Cannot restart " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (JMException e) {
            throw new LocalStackException(
                    "Cannot restart " + name + " because this stack did not start it, and no"
                            + " other copy of it offers its restart: " + e.getMessage(),
                    e);
        }
    }

    /** Records how to restart a server this stack started, and offers it to other class loaders if shared. */
    void offer(String name, Consumer<Boolean> restart) {
        restarts.put(name, restart);
        if (!offerShared) {
            return;
        }
        RestartsMBean offered = (server, crash) -> {
            Consumer<Boolean> known = restarts.get(server);
            if (known == null) {
                throw new IllegalArgumentException("No restartable server " + server);
            }
            known.accept(crash);
        };
        try {
            MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
            ObjectName mbean = new ObjectName(MBEAN);
            if (!platform.isRegistered(mbean)) {
                platform.registerMBean(new StandardMBean(offered, RestartsMBean.class), mbean);
            }
        } catch (JMException e) {
            LOG.warnf("Cannot offer the restart of %s to other class loaders: %s", name, e.getMessage());
        }
    }

    /** Withdraws the restarts this stack offered. */
    void withdraw() {
        if (!offerShared || restarts.isEmpty()) {
            return;
        }
        try {
            ObjectName mbean = new ObjectName(MBEAN);
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(mbean)) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            }
        } catch (JMException e) {
            LOG.debugf("Could not withdraw the restarts MBean: %s", e.getMessage());
        }
    }
}
