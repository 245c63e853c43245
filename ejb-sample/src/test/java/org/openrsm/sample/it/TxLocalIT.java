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

/** DESIGN.md §6 with LocalTransaction ({@code eis/openrsmLocal}) in container-managed transactions. */
@ExtendWith(ArquillianExtension.class)
class TxLocalIT {
    @Deployment
    static WebArchive deployment() {
        return TxDeployments.archive("tx-local.war", TxLocalIT.class);
    }

    @EJB
    private TxBean tx;
    @EJB
    private Inspector inspector;

    @Test
    void localTransactionCommitsAndRollsBackLikeXa() throws Exception {
        TxBean.Work kept = tx.allocateMountDismount("local", false);
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + kept.barCode() + ", mount " + kept.barCode()
                + ", dismount (at commit), commit");
        assertThat(inspector.visible(kept.medium())).isTrue();

        TxBean.Work dropped = tx.allocateMountDismount("local", true);
        assertThat(inspector.lastBranch()).isEqualTo("allocate " + dropped.barCode() + ", mount " + dropped.barCode()
                + ", dismount (at commit), rollback, deferred-dismount " + dropped.barCode());
        assertThat(inspector.visible(dropped.medium())).isFalse();
    }

    @Test
    void localSystemExceptionRollsBack() throws Exception {
        assertThatThrownBy(() -> tx.allocateMountThenFail("local")).isInstanceOf(EJBException.class);
        assertThat(inspector.lastBranch()).matches("allocate (\\w+), mount \\1, rollback, deferred-dismount \\1");
    }
}
