package org.openrsm.sample.it;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.transaction.UserTransaction;
import org.openrsm.api.DismountMode;
import org.openrsm.api.LogicalMediaId;
import org.openrsm.api.MediaSession;
import org.openrsm.api.MediaSessionFactory;

/** Bean-managed transactions: the application begins and ends them with UserTransaction. */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class TxBmtBean {
    @Resource(lookup = "eis/openrsm")
    private MediaSessionFactory xa;
    @Resource(lookup = "eis/openrsmLocal")
    private MediaSessionFactory local;
    @Resource
    private UserTransaction transaction;

    /** Begin, get a session, allocate, mount, deferred dismount, then commit or roll back; the session closes after. */
    public TxBean.Work userTransaction(String factory, boolean commit) throws Exception {
        transaction.begin();
        MediaSession s = ("xa".equals(factory) ? xa : local).getSession();
        try {
            TxBean.Work w = TxBean.allocateAndMount(s);
            s.dismount(LogicalMediaId.parse(w.medium()), DismountMode.DEFERRED);
            if (commit) {
                transaction.commit();
            } else {
                transaction.rollback();
            }
            return w;
        } finally {
            s.close();
        }
    }
}
