package org.openrsm.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code /metrics?scope=application}: each library's mounts, robot moves, mounts without a robot move, queue depth,
 * open operator requests and robot busy share (gauges read from its MBean at scrape time), the wait of every mount (a
 * histogram fed by the library's {@code openrsm.mount} notifications), and the store's commits. Libraries are picked up
 * when their MBean appears, also after this application started.
 */
@ApplicationScoped
public class EngineMetrics {
    private static final Logger LOG = Logger.getLogger(EngineMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    private final Set<ObjectName> registered = new HashSet<>();
    private final NotificationListener newBeans = this::beanRegistered;
    private boolean engineRegistered;

    void start(@Observes Startup startup) {
        try {
            EngineBeans.server().addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, newBeans, null, null);
        } catch (InstanceNotFoundException e) {
            throw new IllegalStateException(e);
        }
        EngineBeans.libraries().forEach(this::library);
        engine();
    }

    private void beanRegistered(Notification n, Object handback) {
        if (n instanceof MBeanServerNotification m && MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(m.getType())) {
            if (EngineBeans.LIBRARIES.apply(m.getMBeanName())) {
                library(m.getMBeanName());
            } else if (EngineBeans.ENGINE.equals(m.getMBeanName())) {
                engine();
            }
        }
    }

    private synchronized void engine() {
        if (engineRegistered || !EngineBeans.started()) {
            return;
        }
        engineRegistered = true;
        registry.gauge(Metadata.builder().withName("openrsm_store_commits").withDescription("Commits of the OpenRSM store "
                + "since the engine started").build(), EngineBeans.TRANSACTIONS, b -> EngineBeans.number(b, "StoreCommits"));
    }

    private synchronized void library(ObjectName bean) {
        if (!registered.add(bean)) {
            return;
        }
        Tag library = new Tag("library", bean.getKeyProperty("name"));
        gauge("openrsm_mounts", "Mounts served since the engine started", bean, "Mounts", library);
        gauge("openrsm_robot_moves", "Robot moves since the engine started", bean, "RobotMoves", library);
        gauge("openrsm_mounts_without_robot_move", "Mounts served from a DISMOUNTABLE drive, with no robot move",
                bean, "MountsWithoutRobotMove", library);
        gauge("openrsm_queue_depth", "Mounts waiting for a drive or a medium", bean, "QueuedRequests", library);
        gauge("openrsm_open_operator_requests", "Operator requests waiting for an operator", bean, "OpenOperatorRequests",
                library);
        gauge("openrsm_robot_busy_share", "Share of the time since the engine started that the robot moved", bean,
                "RobotBusyShare", library);
        Histogram waits = registry.histogram(Metadata.builder().withName("openrsm_mount_wait").withDescription(
                "How long mounts waited from their request to their drive").withUnit(MetricUnits.MILLISECONDS).build(), library);
        try {
            EngineBeans.server().addNotificationListener(bean, (n, h) -> {
                if ("openrsm.mount".equals(n.getType()) && n.getUserData() instanceof Long millis) {
                    waits.update(millis);
                }
            }, null, null);
        } catch (InstanceNotFoundException e) {
            LOG.fine(() -> bean + " went away before its mounts could be counted");
        }
    }

    private void gauge(String name, String description, ObjectName bean, String attribute, Tag library) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), bean,
                b -> EngineBeans.number(b, attribute), library);
    }
}
