package org.openrsm.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** NoTransaction ({@code eis/openrsmNoTx}): not enlisted, every call commits on its own. */
@ExtendWith(ArquillianExtension.class)
class TxNoneIT {
    @Deployment
    static WebArchive deployment() {
        return TxDeployments.archive("tx-none.war", TxNoneIT.class);
    }

    @EJB
    private TxBean tx;
    @EJB
    private Inspector inspector;

    @Test
    void noTransactionFactoryCommitsEveryCallAtOnce() throws Exception {
        int branches = inspector.historySize();
        TxBean.Work w = tx.allocateMountDismount("none", true);
        assertThat(inspector.historySize()).as("no branch for NoTransaction").isEqualTo(branches);
        assertThat(inspector.visible(w.medium())).as("setRollbackOnly does not touch it").isTrue();
        assertThat(tx.drive(w.drive())).isEqualTo(w.drive() + " DISMOUNTABLE " + w.barCode() + " null");
    }

    // ---- bean-managed

    @Test
    void noTransactionSystemExceptionKeepsWhatWasDone() throws Exception {
        int branches = inspector.historySize();
        assertThatThrownBy(() -> tx.allocateMountThenFail("none")).isInstanceOf(EJBException.class);
        assertThat(inspector.historySize()).isEqualTo(branches);
        assertThat(tx.drives()).anyMatch(d -> d.contains(" DISMOUNTABLE "));
    }
}
