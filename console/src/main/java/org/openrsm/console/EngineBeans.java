package org.openrsm.console;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The engine's MBeans in this server's platform MBean server (the adapter registers them): the console reads them
 * as any JMX client would, so it needs none of the adapter's classes.
 */
final class EngineBeans {
    static final ObjectName ENGINE = name("org.openrsm:type=Engine");
    static final ObjectName TRANSACTIONS = name("org.openrsm:type=Transactions");
    static final ObjectName LIBRARIES = name("org.openrsm:type=Library,*");

    private EngineBeans() {
    }

    static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean started() {
        return server().isRegistered(ENGINE);
    }

    static Set<ObjectName> libraries() {
        return server().queryNames(LIBRARIES, null);
    }

    /** An attribute, or null when the bean is gone or cannot answer. */
    static Object attribute(ObjectName bean, String attribute) {
        try {
            return server().getAttribute(bean, attribute);
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    static double number(ObjectName bean, String attribute) {
        Object value = attribute(bean, attribute);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static List<String> strings(ObjectName bean, String attribute) {
        Object value = attribute(bean, attribute);
        List<String> list = new ArrayList<>();
        if (value instanceof String[] array) {
            list.addAll(List.of(array));
        }
        return list;
    }
}
