package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.ObjectName;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.LogicalMediaInfo;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;
import org.openrsm.api.RsmException;

/** Looks at OpenRSM from outside any transaction: what the others see, and the engine's transaction history. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Inspector {
    @Resource(lookup = "eis/openrsmNoTx")
    private MediaSessionFactory sessions;

    /** Whether a session outside the transaction sees the logical medium. */
    public boolean visible(String medium) throws RsmException {
        try (MediaSession s = sessions.getSession()) {
            s.info(LogicalMediaId.parse(medium), LogicalMediaInfo.class);
            return true;
        } catch (RsmException e) {
            return false;
        }
    }

    public void deallocate(String medium) throws RsmException {
        try (MediaSession s = sessions.getSession()) {
            s.deallocate(LogicalMediaId.parse(medium));
        }
    }

    /** {@code DismountNtmsDrive} as an operator would do it, through the Drive MBean. */
    public void dismountDrive(String drive) throws Exception {
        ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("org.openrsm:type=Drive,library=lib1,name=" + drive),
                "dismount", null, null);
    }

    /** The engine's last ended transaction branches, oldest first ({@code org.openrsm:type=Transactions}). */
    @SuppressWarnings("unchecked")
    public List<String> history() throws Exception {
        Object recent = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("org.openrsm:type=Transactions"), "Recent");
        return recent instanceof String[] a ? List.of(a) : (List<String>) recent;
    }

    /** The last ended branch, without its id: "allocate A00001L8, mount A00001L8, …". */
    public String lastBranch() throws Exception {
        List<String> h = history();
        String last = h.isEmpty() ? "" : h.get(h.size() - 1);
        return last.substring(last.indexOf(": ") + 2);
    }

    public int historySize() throws Exception {
        return history().size();
    }

    @SuppressWarnings("unchecked")
    public List<String> inDoubt() throws Exception {
        Object d = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("org.openrsm:type=Transactions"), "InDoubt");
        return d instanceof String[] a ? List.of(a) : (List<String>) d;
    }
}
